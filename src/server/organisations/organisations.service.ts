import type { Database } from '../db/client.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { randomToken, sha256 } from '../security/tokens.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { MembershipRole } from '../accounts/roles.js';
import * as accounts from '../accounts/accounts.repository.js';
import { hashPassword } from '../accounts/passwords.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import { isMinorOn } from '../../shared/format.js';
import * as repository from './organisations.repository.js';
import { canManageConsortium, canManageNetwork, canOnOrganisation, rolesViewerMayInvite, type OrganisationAction } from './organisations.policy.js';
import type { OrganisationInput } from './organisations.schema.js';

const invitationDays = 14;

export async function coordinatedOrganisationIds(db: Database, viewer: Viewer): Promise<string[]> {
  const coordinatorOrganisations = organisationsWhere(viewer, ['consortium_coordinator']);
  return repository.organisationsCoordinatedBy(db, coordinatorOrganisations);
}

/** Loads an organisation the viewer may act on, or answers 404 whether it exists or not. */
export async function organisationFor(db: Database, viewer: Viewer, organisationId: string, action: OrganisationAction) {
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw notFound();
  const coordinated = viewer.isPlatformAdmin ? [] : await coordinatedOrganisationIds(db, viewer);
  if (!canOnOrganisation(viewer, organisationId, action, coordinated)) throw notFound();
  const organisation = await repository.findOrganisation(db, organisationId);
  if (!organisation) throw notFound();
  return organisation;
}

export async function visibleOrganisationIds(db: Database, viewer: Viewer): Promise<string[] | undefined> {
  if (viewer.isPlatformAdmin) return undefined;
  const own = organisationsWhere(viewer, ['org_admin', 'mobility_coach', 'teacher', 'host_contact', 'consortium_coordinator']);
  return [...new Set([...own, ...(await coordinatedOrganisationIds(db, viewer))])];
}

async function assertOidFree(db: Database, oid: string | null, exceptId?: string) {
  if (!oid) return;
  const existing = await repository.findOrganisationByOid(db, oid);
  if (existing && existing.id !== exceptId) throw new AppError('conflict', 'organisations.validation.oidTaken', { oid: 'organisations.validation.oidTaken' });
}

export async function createOrganisation(db: Database, actor: Actor, input: OrganisationInput) {
  if (!actor.viewer.isPlatformAdmin) throw notFound();
  return db.transaction(async (tx) => {
    await assertOidFree(tx, input.oid);
    const created = await repository.insertOrganisation(tx, { ...input, createdAt: actor.now, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'organisation.created', entityType: 'organisation', entityId: created.id, organisationId: created.id, requestId: actor.requestId });
    return created;
  });
}

export async function updateOrganisation(db: Database, actor: Actor, organisationId: string, input: OrganisationInput) {
  await organisationFor(db, actor.viewer, organisationId, 'edit');
  await db.transaction(async (tx) => {
    await assertOidFree(tx, input.oid, organisationId);
    await repository.updateOrganisation(tx, organisationId, { ...input, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'organisation.updated', entityType: 'organisation', entityId: organisationId, organisationId, requestId: actor.requestId });
  });
}

export async function inviteMember(
  deps: AppDependencies,
  actor: Actor,
  organisationId: string,
  input: { email: string; role: MembershipRole; language: Language },
) {
  const organisation = await organisationFor(deps.db, actor.viewer, organisationId, 'invite');
  if (!rolesViewerMayInvite(actor.viewer, organisationId).includes(input.role)) {
    throw new AppError('invalid_input', 'organisations.invite.roleNotAllowed', { role: 'organisations.invite.roleNotAllowed' });
  }
  const existing = await accounts.findPersonByEmail(deps.db, input.email);
  if (existing) {
    const roles = await repository.rolesOfPersonIn(deps.db, organisationId, existing.person.id);
    if (roles.includes(input.role)) throw new AppError('conflict', 'organisations.invite.alreadyMember', { email: 'organisations.invite.alreadyMember' });
  }
  const token = randomToken();
  const t = createTranslator(input.language);
  await deps.db.transaction(async (tx) => {
    const invitation = await repository.insertInvitation(tx, {
      organisationId,
      email: accounts.normaliseEmail(input.email),
      role: input.role,
      invitedById: actor.viewer.personId,
      language: input.language,
      tokenHash: sha256(token),
      expiresAt: new Date(actor.now.getTime() + invitationDays * 86_400_000),
    });
    await enqueueMail(
      tx,
      {
        to: input.email,
        language: input.language,
        subject: t('mail.invitation.subject', { organisation: organisation.legalName }),
        text: t('mail.invitation.body', {
          inviter: `${actor.viewer.givenName} ${actor.viewer.familyName}`,
          organisation: organisation.legalName,
          role: t(`role.${input.role}`),
          link: `${deps.config.baseUrl}/invitations/${token}?lang=${input.language}`,
          days: invitationDays,
        }),
      },
      Boolean(deps.config.smtpUrl),
    );
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'invitation.sent', entityType: 'invitation', entityId: invitation.id, organisationId, requestId: actor.requestId, details: { role: input.role } });
  });
  return token;
}

export async function revokeInvitation(db: Database, actor: Actor, organisationId: string, invitationId: string) {
  await organisationFor(db, actor.viewer, organisationId, 'invite');
  await db.transaction(async (tx) => {
    const revoked = await repository.revokeInvitation(tx, organisationId, invitationId, actor.now);
    if (revoked.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'invitation.revoked', entityType: 'invitation', entityId: invitationId, organisationId, requestId: actor.requestId });
  });
}

export async function describeInvitation(db: Database, token: string, now: Date) {
  const found = await accounts.findInvitationByHash(db, sha256(token));
  if (!found) throw notFound();
  const { invitation } = found;
  if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) throw new AppError('gone');
  const existing = await accounts.findPersonByEmail(db, invitation.email);
  return { ...found, existingPerson: existing?.person ?? null, hasPassword: Boolean(existing?.passwordHash) };
}

/**
 * Accepting creates the person when the email is new (with a password, or none for people who
 * will sign in by link) and adds the membership. Returns the person to sign in.
 */
export async function acceptInvitation(
  db: Database,
  token: string,
  input: { givenName: string; familyName: string; password: string },
  requestId: string,
  now: Date,
) {
  const found = await describeInvitation(db, token, now);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    if (!(await accounts.markInvitationAccepted(tx, found.invitation.id, now))) throw new AppError('gone');
    const person =
      found.existingPerson ??
      (await accounts.insertPerson(tx, {
        givenName: input.givenName,
        familyName: input.familyName,
        email: found.invitation.email,
        preferredLanguage: isLanguage(found.invitation.language) ? found.invitation.language : 'fr',
      }));
    if (passwordHash && !found.hasPassword) await accounts.setPassword(tx, person.id, passwordHash, now);
    await accounts.addMembership(tx, { personId: person.id, organisationId: found.invitation.organisationId, role: found.invitation.role });
    await recordAudit(tx, { actorId: person.id, action: 'invitation.accepted', entityType: 'invitation', entityId: found.invitation.id, organisationId: found.invitation.organisationId, requestId, details: { role: found.invitation.role } });
    return person;
  });
}

export async function changeMemberRoles(db: Database, actor: Actor, organisationId: string, personId: string, roles: MembershipRole[]) {
  await organisationFor(db, actor.viewer, organisationId, 'manageMembers');
  await db.transaction(async (tx) => {
    const before = await repository.rolesOfPersonIn(tx, organisationId, personId);
    if (before.length === 0) throw notFound();
    await repository.replaceRoles(tx, organisationId, personId, roles);
    if (before.includes('org_admin') && !roles.includes('org_admin') && (await repository.countOrganisationAdmins(tx, organisationId)) === 0) {
      throw new AppError('conflict', 'organisations.members.lastAdmin');
    }
    await recordAudit(tx, { actorId: actor.viewer.personId, action: roles.length ? 'membership.roles_changed' : 'membership.removed', entityType: 'person', entityId: personId, organisationId, requestId: actor.requestId, details: { before, after: roles } });
  });
}

/** An organisation admin may deactivate an account only when it belongs to their organisation alone. */
export async function deactivateAccount(db: Database, actor: Actor, organisationId: string, personId: string) {
  await organisationFor(db, actor.viewer, organisationId, 'manageMembers');
  if (personId === actor.viewer.personId) throw new AppError('conflict', 'organisations.members.notYourself');
  await db.transaction(async (tx) => {
    const organisationIds = await repository.organisationsOfPerson(tx, personId);
    if (!organisationIds.includes(organisationId)) throw notFound();
    if (!actor.viewer.isPlatformAdmin && organisationIds.length > 1) throw new AppError('conflict', 'organisations.members.elsewhere');
    await accounts.updatePerson(tx, personId, { deactivatedAt: actor.now, updatedAt: actor.now });
    await accounts.deleteSessionsOf(tx, personId);
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'person.deactivated', entityType: 'person', entityId: personId, organisationId, requestId: actor.requestId });
  });
}

export async function reactivateAccount(db: Database, actor: Actor, organisationId: string, personId: string) {
  await organisationFor(db, actor.viewer, organisationId, 'manageMembers');
  await db.transaction(async (tx) => {
    const organisationIds = await repository.organisationsOfPerson(tx, personId);
    if (!organisationIds.includes(organisationId)) throw notFound();
    await accounts.updatePerson(tx, personId, { deactivatedAt: null, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'person.reactivated', entityType: 'person', entityId: personId, organisationId, requestId: actor.requestId });
  });
}

/** A member's personal page. Opening a minor's data is itself recorded in the audit log. */
export async function viewPerson(db: Database, actor: Actor, organisationId: string, personId: string) {
  await organisationFor(db, actor.viewer, organisationId, 'viewPerson');
  if (!/^[0-9a-f-]{36}$/i.test(personId)) throw notFound();
  const roles = await repository.rolesOfPersonIn(db, organisationId, personId);
  if (roles.length === 0) throw notFound();
  const person = await accounts.findPersonById(db, personId);
  if (!person) throw notFound();
  const guardians = await repository.guardiansOf(db, personId);
  const isMinor = isMinorOn(person.birthDate, actor.now);
  if (isMinor) {
    await recordAudit(db, { actorId: actor.viewer.personId, action: 'person.minor_data_viewed', entityType: 'person', entityId: personId, organisationId, requestId: actor.requestId });
  }
  return { person, roles, guardians, isMinor };
}

export async function createConsortium(db: Database, actor: Actor, input: { name: string; description: string | null; coordinatorId: string }) {
  if (!actor.viewer.isPlatformAdmin) throw notFound();
  if (!(await repository.findOrganisation(db, input.coordinatorId))) throw new AppError('invalid_input', 'common.validation.required', { coordinatorId: 'common.validation.required' });
  return db.transaction(async (tx) => {
    const created = await repository.insertConsortium(tx, { ...input, createdAt: actor.now, updatedAt: actor.now });
    await repository.addConsortiumMember(tx, created.id, input.coordinatorId);
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'consortium.created', entityType: 'consortium', entityId: created.id, organisationId: input.coordinatorId, requestId: actor.requestId });
    return created;
  });
}

export async function consortiumFor(db: Database, viewer: Viewer, consortiumId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(consortiumId)) throw notFound();
  const found = await repository.findConsortium(db, consortiumId);
  if (!found) throw notFound();
  const isMember = viewer.memberships.some((m) => m.organisationId === found.consortium.coordinatorId);
  if (!viewer.isPlatformAdmin && !isMember) throw notFound();
  return { ...found, canManage: canManageConsortium(viewer, found.consortium.coordinatorId) };
}

export async function changeConsortiumMember(db: Database, actor: Actor, consortiumId: string, organisationId: string, change: 'add' | 'remove') {
  const { consortium, canManage } = await consortiumFor(db, actor.viewer, consortiumId);
  if (!canManage) throw notFound();
  if (change === 'remove' && organisationId === consortium.coordinatorId) throw new AppError('conflict', 'consortia.coordinatorStays');
  await db.transaction(async (tx) => {
    if (!(await repository.findOrganisation(tx, organisationId))) throw notFound();
    const changed = change === 'add' ? await repository.addConsortiumMember(tx, consortiumId, organisationId) : (await repository.removeConsortiumMember(tx, consortiumId, organisationId)).length === 1;
    if (!changed) throw new AppError('conflict', change === 'add' ? 'consortia.alreadyMember' : 'consortia.notMember');
    await recordAudit(tx, { actorId: actor.viewer.personId, action: `consortium.member_${change === 'add' ? 'added' : 'removed'}`, entityType: 'consortium', entityId: consortiumId, organisationId: consortium.coordinatorId, requestId: actor.requestId, details: { organisationId } });
  });
}

export async function createNetwork(db: Database, actor: Actor, input: { name: string; description: string | null }) {
  if (!actor.viewer.isPlatformAdmin) throw notFound();
  return db.transaction(async (tx) => {
    const created = await repository.insertNetwork(tx, { ...input, createdAt: actor.now, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'network.created', entityType: 'network', entityId: created.id, requestId: actor.requestId });
    return created;
  });
}

export async function networkFor(db: Database, viewer: Viewer, networkId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(networkId)) throw notFound();
  if (!canManageNetwork(viewer, networkId)) throw notFound();
  const network = await repository.findNetwork(db, networkId);
  if (!network) throw notFound();
  return network;
}

export async function changeNetworkMember(db: Database, actor: Actor, networkId: string, organisationId: string, change: 'add' | 'remove') {
  await networkFor(db, actor.viewer, networkId);
  await db.transaction(async (tx) => {
    if (!(await repository.findOrganisation(tx, organisationId))) throw notFound();
    const changed = change === 'add' ? await repository.addNetworkMember(tx, networkId, organisationId) : (await repository.removeNetworkMember(tx, networkId, organisationId)).length === 1;
    if (!changed) throw new AppError('conflict', change === 'add' ? 'consortia.alreadyMember' : 'consortia.notMember');
    await recordAudit(tx, { actorId: actor.viewer.personId, action: `network.member_${change === 'add' ? 'added' : 'removed'}`, entityType: 'network', entityId: networkId, organisationId, requestId: actor.requestId });
  });
}

export async function addNetworkAnimator(db: Database, actor: Actor, networkId: string, email: string) {
  await networkFor(db, actor.viewer, networkId);
  const found = await accounts.findPersonByEmail(db, email);
  if (!found) throw new AppError('invalid_input', 'networks.animatorUnknown', { email: 'networks.animatorUnknown' });
  await db.transaction(async (tx) => {
    if (!(await repository.addNetworkAnimator(tx, networkId, found.person.id))) throw new AppError('conflict', 'networks.animatorAlready', { email: 'networks.animatorAlready' });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'network.animator_added', entityType: 'network', entityId: networkId, requestId: actor.requestId, details: { personId: found.person.id } });
  });
}
