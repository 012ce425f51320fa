import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { ConsentKind, mobilities } from '../db/schema/index.js';
import { ageOn } from '../../shared/format.js';
import { isLearnerActivity, type ActivityType, type CityLocation, type DistanceBand, type MobilityForValidation, type TransportMode } from './rules/types.js';
import { validateMobility } from './rules/pre-validation.js';
import * as repository from './mobilities.repository.js';
import { followMobilityDates, instantiateTimeline } from '../timeline/timeline-instantiation.js';
import {
  canManageMobilityOf,
  canTransition,
  mobilityReaderRoles,
  mobilityTransitions,
  relationReads,
  type MobilityRelation,
  type TransitionName,
} from './mobilities.policy.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;

/** Consents a guardian must have given before a minor's mobility is confirmed (photos stay optional). */
export const requiredMinorConsents = ['mobility', 'travel', 'emergency_medical_care'] as const satisfies readonly ConsentKind[];

type MobilityRecord = NonNullable<Awaited<ReturnType<typeof repository.findMobility>>>;

async function relationOf(db: Database, viewer: Viewer, record: MobilityRecord, hostOrganisationIds: string[]): Promise<MobilityRelation> {
  const { mobility } = record;
  if (canManageMobilityOf(viewer, mobility.sendingOrganisationId)) return 'manager';
  if (organisationsWhere(viewer, mobilityReaderRoles).includes(mobility.sendingOrganisationId)) return 'reader';
  if (mobility.participantId === viewer.personId) return 'participant';
  if (viewer.roles.has('guardian') && (await repository.isGuardianOf(db, viewer.personId, mobility.participantId))) return 'guardian';
  if (viewer.roles.has('accompanying_person') && (await repository.accompaniedBy(db, mobility.id, viewer.personId))) return 'accompanying';
  if (mobility.tutorId === viewer.personId) return 'tutor';
  if (mobility.hostFamilyId === viewer.personId) return 'host_family';
  if (organisationsWhere(viewer, ['host_contact']).some((id) => hostOrganisationIds.includes(id))) return 'host_contact';
  return 'coordinator';
}

export function isMinorAtDeparture(birthDate: string | null, startDate: string | null): boolean {
  if (!birthDate || !startDate) return false;
  return ageOn(birthDate, new Date(`${startDate}T00:00:00Z`)) < 18;
}

/**
 * Loads a mobility the viewer may see (404 otherwise) with what their relation lets them read. Opening
 * a minor's mobility is recorded in the audit log.
 */
export async function mobilityFor(db: Database, actor: Actor, mobilityId: string) {
  if (!uuidPattern.test(mobilityId)) throw notFound();
  const record = await repository.findMobility(db, actor.viewer, mobilityId);
  if (!record) throw notFound();
  const itineraries = await repository.itinerariesOf(db, mobilityId);
  const relation = await relationOf(db, actor.viewer, record, itineraries.map((row) => row.itinerary.hostOrganisationId));
  const reads = relationReads[relation];
  const isMinor = isMinorAtDeparture(record.participant.birthDate, record.mobility.startDate);
  const [consents, contacts, needs, tutor, guardians] = await Promise.all([
    reads.consents ? repository.activeConsentsOf(db, mobilityId) : Promise.resolve([]),
    reads.contacts ? repository.emergencyContactsOf(db, mobilityId) : Promise.resolve([]),
    repository.needsOf(db, record.participant.id),
    record.mobility.tutorId ? repository.personById(db, record.mobility.tutorId) : Promise.resolve(undefined),
    repository.guardiansOfLearner(db, record.participant.id),
  ]);
  if (isMinor && relation !== 'participant') {
    await recordAudit(db, { actorId: actor.viewer.personId, action: 'mobility.minor_data_viewed', entityType: 'mobility', entityId: mobilityId, organisationId: record.mobility.sendingOrganisationId, requestId: actor.requestId, details: { relation } });
  }
  // Health needs only for those who need them; the host family sees diet needs only when the coach shares them.
  const visibleNeeds = needs
    ? {
        health: reads.health ? needs.health : null,
        accessibility: reads.health ? needs.accessibility : null,
        diet: reads.health || (relation === 'host_family' && needs.isDietSharedWithHostFamily) ? needs.diet : null,
      }
    : null;
  return {
    ...record,
    itineraries,
    relation,
    isMinor,
    consents,
    contacts,
    needs: visibleNeeds,
    isDietShared: needs?.isDietSharedWithHostFamily ?? false,
    tutor,
    guardians,
    canManage: relation === 'manager',
  };
}

export type MissingItem = { key: 'mobilities.missing.host' | 'mobilities.missing.dates' | 'mobilities.missing.tutor' | 'mobilities.missing.consent' | 'mobilities.missing.contacts' | 'mobilities.missing.guardian'; params?: Record<string, string | number> };

/** Exactly what still stops the mobility from being confirmed (DOMAIN.md: host, dates, tutor; minors: consent and contacts). */
export function missingForConfirmation(view: Pick<Awaited<ReturnType<typeof mobilityFor>>, 'mobility' | 'itineraries' | 'isMinor' | 'consents' | 'contacts' | 'guardians'>): MissingItem[] {
  const missing: MissingItem[] = [];
  const { mobility } = view;
  if (view.itineraries.length === 0) missing.push({ key: 'mobilities.missing.host' });
  if (!mobility.startDate || !mobility.endDate) missing.push({ key: 'mobilities.missing.dates' });
  if (isLearnerActivity(mobility.activityType as ActivityType) && !mobility.tutorId) missing.push({ key: 'mobilities.missing.tutor' });
  if (view.isMinor) {
    if (view.guardians.length === 0) missing.push({ key: 'mobilities.missing.guardian' });
    for (const kind of requiredMinorConsents) {
      if (!view.consents.some((row) => row.consent.kind === kind)) missing.push({ key: 'mobilities.missing.consent', params: { kind } });
    }
    for (const side of ['sending', 'host'] as const) {
      const distinctPeople = new Set(view.contacts.filter((contact) => contact.side === side).map((contact) => `${contact.name.trim().toLowerCase()}|${contact.phone.replace(/\D/g, '')}`));
      if (distinctPeople.size < 2) missing.push({ key: 'mobilities.missing.contacts', params: { side, count: distinctPeople.size } });
    }
  }
  return missing;
}

/** One function per arrow of the state machine: load visible → authorise → check state → update + audit. */
export async function transitionMobility(db: Database, actor: Actor, mobilityId: string, transition: TransitionName, reason: string | null) {
  const view = await mobilityFor(db, actor, mobilityId);
  if (!canTransition(actor.viewer, view.mobility.sendingOrganisationId, transition)) throw notFound();
  const rule = mobilityTransitions[transition];
  if (rule.needsReason && !reason?.trim()) throw new AppError('invalid_input', 'mobilities.transition.reasonRequired', { reason: 'mobilities.transition.reasonRequired' });
  if (!(rule.from as readonly string[]).includes(view.mobility.status)) throw new AppError('conflict', 'mobilities.transition.wrongState');
  if (transition === 'confirm') {
    const missing = missingForConfirmation(view);
    if (missing.length) throw new AppError('conflict', 'mobilities.transition.incomplete');
  }
  await db.transaction(async (tx) => {
    const updated = await repository.updateStatus(tx, mobilityId, rule.from, rule.to, reason?.trim() || null, actor.now);
    if (updated.length === 0) throw new AppError('conflict', 'mobilities.transition.wrongState');
    if (transition === 'confirm') {
      await instantiateTimeline(tx, mobilityId, { actorId: actor.viewer.personId, requestId: actor.requestId, now: actor.now });
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: `mobility.${transition}`,
      entityType: 'mobility',
      entityId: mobilityId,
      organisationId: view.mobility.sendingOrganisationId,
      requestId: actor.requestId,
      details: { from: view.mobility.status, to: rule.to, ...(reason ? { reason } : {}) },
    });
  });
  return rule.to;
}

/** A mobility the actor manages (its sending organisation's admins and coaches); 404 otherwise. */
export async function managedMobility(db: Database, actor: Actor, mobilityId: string) {
  const view = await mobilityFor(db, actor, mobilityId);
  if (!view.canManage) throw notFound();
  return view;
}

export async function recordConsent(db: Database, actor: Actor, mobilityId: string, input: { guardianId: string; kind: ConsentKind; method: 'signed_paper' | 'online' | 'email'; givenOn: string }) {
  const view = await managedMobility(db, actor, mobilityId);
  if (!view.guardians.some((guardian) => guardian.id === input.guardianId)) throw new AppError('invalid_input', 'mobilities.consent.notGuardian', { guardianId: 'mobilities.consent.notGuardian' });
  await db.transaction(async (tx) => {
    const consent = await repository.insertConsent(tx, { ...input, mobilityId, recordedById: actor.viewer.personId });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'consent.recorded', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { consentId: consent.id, kind: input.kind, method: input.method } });
  });
}

export async function revokeConsent(db: Database, actor: Actor, mobilityId: string, consentId: string) {
  const view = await managedMobility(db, actor, mobilityId);
  await db.transaction(async (tx) => {
    const revoked = await repository.revokeConsent(tx, mobilityId, consentId, actor.now);
    if (revoked.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'consent.revoked', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { consentId } });
  });
}

export async function addEmergencyContact(db: Database, actor: Actor, mobilityId: string, input: { side: 'sending' | 'host'; name: string; phone: string; relationship: string | null }) {
  const view = await managedMobility(db, actor, mobilityId);
  await db.transaction(async (tx) => {
    const contact = await repository.insertEmergencyContact(tx, { ...input, mobilityId });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'emergency_contact.added', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { contactId: contact.id, side: input.side } });
  });
}

export async function removeEmergencyContact(db: Database, actor: Actor, mobilityId: string, contactId: string) {
  const view = await managedMobility(db, actor, mobilityId);
  await db.transaction(async (tx) => {
    const removed = await repository.deleteEmergencyContact(tx, mobilityId, contactId);
    if (removed.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'emergency_contact.removed', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { contactId } });
  });
}

type ValidationSource = {
  mobility: typeof mobilities.$inferSelect;
  project: { startDate: string; endDate: string };
  participantBirthDate: string | null;
  sendingCity: CityLocation | null;
  hostCity: CityLocation | null;
  accompaniedLearnerCount: number;
};

export const cityLocation = (name: string | null, countryCode: string | null, latitude: number | null | undefined, longitude: number | null | undefined): CityLocation | null =>
  name !== null && countryCode !== null && latitude != null && longitude != null ? { name, countryCode, latitude, longitude } : null;

/** The pure pre-validator's view of a stored mobility (EU reporting rules); used by the page and the export. */
export function validationInputFrom({ mobility, project, participantBirthDate, sendingCity, hostCity, accompaniedLearnerCount }: ValidationSource): MobilityForValidation {
  const isAccompanying = mobility.activityType === 'accompanying_person';
  return {
    activityType: mobility.activityType as ActivityType,
    startDate: mobility.startDate,
    endDate: mobility.endDate,
    interruptionDays: mobility.interruptionDays,
    travelDays: mobility.travelDays,
    mainTransport: (mobility.mainTransport as TransportMode | null) ?? null,
    isGreenTravel: mobility.isGreenTravel,
    isParticipant: !isAccompanying,
    isAccompanyingPerson: isAccompanying,
    accompaniedLearnerCount,
    eqfLevel: mobility.eqfLevel,
    iscedField: mobility.iscedField,
    qualificationTitle: mobility.qualificationTitle,
    sendingCity,
    hostCity,
    declaredDistanceBand: (mobility.distanceBand as DistanceBand | null) ?? null,
    projectStartDate: project.startDate,
    projectEndDate: project.endDate,
    hasFewerOpportunities: mobility.hasFewerOpportunities,
    fewerOpportunitiesJustification: mobility.fewerOpportunitiesJustification,
    isForceMajeure: mobility.isForceMajeure,
    forceMajeureExplanation: mobility.forceMajeureExplanation,
    participantBirthDate,
  };
}

export async function preValidate(db: Database, view: Awaited<ReturnType<typeof mobilityFor>>) {
  const accompanied = view.mobility.activityType === 'accompanying_person' ? await repository.countAccompanied(db, view.mobility.id) : 0;
  const first = view.itineraries[0]?.itinerary;
  return validateMobility(
    validationInputFrom({
      mobility: view.mobility,
      project: view.project,
      participantBirthDate: view.participant.birthDate,
      sendingCity: cityLocation(view.sendingCity, view.sendingCountry, view.sendingLatitude, view.sendingLongitude),
      hostCity: first ? cityLocation(first.city, first.country, first.latitude, first.longitude) : null,
      accompaniedLearnerCount: accompanied,
    }),
  );
}

export type MobilityChanges = {
  startDate: string;
  endDate: string;
  tutorId: string | null;
  hostFamilyId: string | null;
  travelDays: number;
  interruptionDays: number;
  mainTransport: string | null;
  isGreenTravel: boolean;
  hasFewerOpportunities: boolean;
  fewerOpportunitiesJustification: string | null;
  isForceMajeure: boolean;
  forceMajeureExplanation: string | null;
  placementLanguage: string | null;
  cefrLevel: string | null;
};

/** Edits a mobility still open to change; the first itinerary's dates follow the mobility's. */
export async function updateMobility(db: Database, actor: Actor, mobilityId: string, changes: MobilityChanges) {
  const view = await managedMobility(db, actor, mobilityId);
  if (['completed', 'closed', 'withdrawn'].includes(view.mobility.status)) throw new AppError('conflict', 'mobilities.edit.closed');
  const hostIds = view.itineraries.map((row) => row.itinerary.hostOrganisationId);
  for (const [field, personId, roles] of [
    ['tutorId', changes.tutorId, ['host_tutor', 'host_contact']],
    ['hostFamilyId', changes.hostFamilyId, ['host_family']],
  ] as const) {
    if (personId && !(await repository.personHoldsRoleIn(db, personId, roles, field === 'tutorId' ? hostIds : undefined))) {
      throw new AppError('invalid_input', 'common.validation.invalid', { [field]: 'common.validation.invalid' });
    }
  }
  await db.transaction(async (tx) => {
    await repository.updateMobilityFields(tx, mobilityId, { ...changes, updatedAt: actor.now });
    await followMobilityDates(tx, mobilityId, changes.startDate, changes.endDate, {
      actorId: actor.viewer.personId,
      requestId: actor.requestId,
      now: actor.now,
    });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'mobility.updated', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { fields: Object.keys(changes) } });
  });
}

export async function updateNeeds(db: Database, actor: Actor, mobilityId: string, needs: { health: string | null; diet: string | null; accessibility: string | null; isDietSharedWithHostFamily: boolean }) {
  const view = await managedMobility(db, actor, mobilityId);
  await db.transaction(async (tx) => {
    await repository.upsertNeeds(tx, view.participant.id, { ...needs, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'participant.needs_updated', entityType: 'person', entityId: view.participant.id, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId });
  });
}

export async function hostPeopleOptions(db: Database, view: Awaited<ReturnType<typeof mobilityFor>>) {
  return repository.hostPeopleFor(db, view.itineraries.map((row) => row.itinerary.hostOrganisationId));
}

/** Links an accompanying person's mobility to the learners' mobilities it accompanies (same project and school). */
export async function setAccompanied(db: Database, actor: Actor, mobilityId: string, learnerMobilityIds: string[]) {
  const view = await managedMobility(db, actor, mobilityId);
  if (view.mobility.activityType !== 'accompanying_person') throw notFound();
  const options = await repository.accompaniableMobilities(db, mobilityId, view.mobility.projectId, view.mobility.sendingOrganisationId);
  if (!learnerMobilityIds.every((id) => options.some((option) => option.id === id))) throw new AppError('invalid_input', 'common.validation.invalid');
  await db.transaction(async (tx) => {
    await repository.replaceAccompaniments(tx, mobilityId, learnerMobilityIds);
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'mobility.accompaniments_set', entityType: 'mobility', entityId: mobilityId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId, details: { learnerMobilityIds } });
  });
}
