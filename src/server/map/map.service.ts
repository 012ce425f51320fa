import type { Database } from '../db/client.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { hit, type RateLimitRule } from '../security/rate-limit.js';
import { sha256 } from '../security/tokens.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isMinorOn } from '../../shared/format.js';
import type { DirectoryMessageKind } from '../db/schema/map.js';
import { canOnMap } from './map.policy.js';
import { loadMapContent, type AlumnusContent, type HostContent } from './map-content.js';
import type { AmbassadorInput, ContactInput, HostEntryInput, ProposeHostInput } from './map.schema.js';
import * as repository from './map.repository.js';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** An entry not confirmed for a year is stale: the animator's review page lists it to hide. */
export const staleAfterDays = 365;
export const staleBefore = (now: Date) => isoDay(new Date(now.getTime() - staleAfterDays * 86_400_000));

/** Messages to other people are rate limited per sender: a learner writes a few hosts, not hundreds. */
export const contactRateLimits = {
  perHour: { name: 'map-contact-hour', limit: 5, windowSeconds: 3600 },
  perDay: { name: 'map-contact-day', limit: 20, windowSeconds: 86_400 },
} as const satisfies Record<string, RateLimitRule>;

const entryHash = (entry: HostContent | AlumnusContent) => sha256(JSON.stringify(entry));

async function seedHost(db: Database, entry: HostContent, now: Date): Promise<boolean> {
  const hash = entryHash(entry);
  const existing = await repository.findHostBySlug(db, entry.slug);
  if (existing?.host.seededContentHash === hash) return false;
  const organisationValues = {
    legalName: entry.name,
    city: entry.city.name,
    country: entry.city.country,
    latitude: entry.latitude,
    longitude: entry.longitude,
    languages: entry.languages,
    updatedAt: now,
  };
  let organisation = await repository.findOrganisationByOid(db, entry.oid);
  if (!organisation)
    organisation = await repository.insertOrganisation(db, { type: 'company', oid: entry.oid, ...organisationValues, createdAt: now });
  else if (existing) await repository.updateOrganisation(db, organisation.id, organisationValues);
  await repository.upsertHostProfile(db, {
    organisationId: organisation.id,
    naceCode: entry.sector.nace,
    trades: entry.trades,
    acceptsMinors: entry.acceptsMinors,
    minimumAge: entry.minimumAge,
    capacity: entry.capacity,
    hasSafetyInduction: entry.safetyInduction,
    providesPpe: entry.ppeProvided,
    helpsWithAccommodation: entry.accommodationHelp,
    updatedAt: now,
  });
  const values = {
    sectorLabel: entry.sector.label,
    qualifications: entry.qualifications,
    description: entry.description,
    typicalDurations: entry.typicalDurations,
    locationPrecision: entry.locationPrecision,
    latitude: entry.latitude,
    longitude: entry.longitude,
    lastConfirmedOn: entry.lastConfirmed,
    seededContentHash: hash,
    updatedAt: now,
  };
  // A changed file updates the entry but never undoes an animator's decision to hide it.
  if (existing) await repository.updateHost(db, existing.host.id, values);
  else
    await repository.insertHost(db, { slug: entry.slug, organisationId: organisation.id, status: 'published', ...values, createdAt: now });
  return true;
}

async function seedAlumnus(db: Database, entry: AlumnusContent, now: Date): Promise<boolean> {
  const hash = entryHash(entry);
  const existing = await repository.findAlumnusBySlug(db, entry.slug);
  if (existing?.seededContentHash === hash) return false;
  const consentDate = new Date(`${entry.consent.givenAt}T12:00:00Z`);
  const values = {
    displayName: entry.displayName,
    trade: entry.trade,
    qualification: entry.qualification ?? null,
    homeCentre: entry.homeCentre,
    hostCity: entry.hostCity.name,
    hostCountry: entry.hostCity.country,
    latitude: entry.latitude,
    longitude: entry.longitude,
    year: entry.year,
    durationWeeks: entry.durationWeeks,
    testimonial: entry.testimonial,
    languages: entry.languages,
    isHappyToBeContacted: entry.happyToBeContacted,
    lastConfirmedOn: entry.consent.givenAt,
    seededContentHash: hash,
    updatedAt: now,
  };
  // A withdrawal stays a withdrawal: re-seeding never gives consent back.
  if (existing) await repository.updateAlumnus(db, existing.id, values);
  else
    await repository.insertAlumnus(db, {
      slug: entry.slug,
      ...values,
      consentGivenAt: consentDate,
      isGuardianConsentRequired: entry.consent.guardianConsent,
      guardianConsentGivenAt: entry.consent.guardianConsent ? consentDate : null,
      status: 'published',
      createdAt: now,
    });
  return true;
}

/** Seeds content/map idempotently: an unchanged file changes nothing; returns how many entries changed. */
export async function seedMap(db: Database, content = loadMapContent(), now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    let changed = 0;
    for (const host of content.hosts) if (await seedHost(tx, host, now)) changed += 1;
    for (const alumnus of content.alumni) if (await seedAlumnus(tx, alumnus, now)) changed += 1;
    if (changed > 0) {
      await repository.bumpDirectoryVersion(tx, now);
      await recordAudit(tx, { actorId: null, action: 'map.seeded', entityType: 'directory', details: { changed } });
    }
    return changed;
  });
}

/** A host's public page: hidden or proposed entries exist only for those who curate them. */
export async function hostEntry(db: Database, viewer: Viewer | null, slug: string) {
  const row = await repository.findHostBySlug(db, slug);
  if (!row) throw notFound();
  const mayEdit = Boolean(
    viewer && (viewer.isPlatformAdmin || organisationsWhere(viewer, ['org_admin', 'host_contact']).includes(row.host.organisationId)),
  );
  if (row.host.status !== 'published' && !mayEdit && !canOnMap(viewer, 'review') && row.host.proposedById !== viewer?.personId)
    throw notFound();
  const [learnersHosted, recipients] = await Promise.all([
    repository.countLearnersHosted(db, row.host.organisationId),
    repository.hostRecipients(db, row.host.organisationId, row.host.proposedById),
  ]);
  return { ...row, learnersHosted, isReachable: recipients.length > 0, mayEdit };
}

export async function alumnusEntry(db: Database, viewer: Viewer | null, slug: string) {
  const row = await repository.findAlumnusBySlug(db, slug);
  if (!row) throw notFound();
  const isOwn = Boolean(viewer && row.personId === viewer.personId);
  const isVisible =
    row.status === 'published' &&
    row.consentGivenAt &&
    !row.consentWithdrawnAt &&
    (!row.isGuardianConsentRequired || row.guardianConsentGivenAt);
  if (!isVisible && !isOwn && !canOnMap(viewer, 'review')) throw notFound();
  return { alumnus: row, isReachable: Boolean(row.personId && row.isHappyToBeContacted), isOwn };
}

async function recipientsOfEntry(db: Database, target: { kind: 'host' | 'alumnus'; slug: string }, viewer: Viewer) {
  if (target.kind === 'host') {
    const entry = await hostEntry(db, viewer, target.slug);
    if (entry.host.status !== 'published') throw notFound();
    const recipients = await repository.hostRecipients(db, entry.host.organisationId, entry.host.proposedById);
    return { recipients, hostId: entry.host.id, alumnusId: null, entryName: entry.name };
  }
  const { alumnus, isReachable } = await alumnusEntry(db, viewer, target.slug);
  if (!isReachable || alumnus.consentWithdrawnAt) throw notFound();
  return {
    recipients: await repository.findPeople(db, [alumnus.personId!]),
    hostId: null,
    alumnusId: alumnus.id,
    entryName: alumnus.displayName,
  };
}

async function countContact(db: Database, actor: Actor) {
  for (const rule of Object.values(contactRateLimits)) {
    if ((await hit(db, rule, actor.viewer.personId, actor.now)) > rule.limit) throw new AppError('rate_limited');
  }
}

type Recipient = { id: string; email: string | null; givenName: string; preferredLanguage: string };
const languageOf = (recipient: Recipient): Language => (isLanguage(recipient.preferredLanguage) ? recipient.preferredLanguage : 'en');

/** The email says who wrote and what, and links back to the app to answer: no address is shared. */
async function notifyRecipient(
  tx: Database,
  deps: AppDependencies,
  recipient: Recipient,
  message: { id: string; kind: DirectoryMessageKind; body: string; period: string | null },
  senderName: string,
  entryName: string,
) {
  if (!recipient.email) return;
  const language = languageOf(recipient);
  const t = createTranslator(language);
  await enqueueMail(
    tx,
    {
      to: recipient.email,
      language,
      subject: t(`map.mail.${message.kind}.subject`, { sender: senderName, entry: entryName }),
      text: t('map.mail.body', {
        name: recipient.givenName,
        sender: senderName,
        entry: entryName,
        period: message.period ?? '—',
        message: message.body,
        link: `${deps.config.baseUrl}/map/messages/${message.id}?lang=${language}`,
      }),
      idempotencyKey: `map-message:${message.id}:${recipient.id}`,
    },
    Boolean(deps.config.smtpUrl),
  );
}

/** A learner or coach writes to a host (or asks for a placement) or to an alumnus, through the platform. */
export async function contactEntry(
  deps: AppDependencies,
  actor: Actor,
  target: { kind: 'host' | 'alumnus'; slug: string },
  input: ContactInput,
) {
  if (!canOnMap(actor.viewer, 'contact')) throw notFound();
  const { db } = deps;
  const { recipients, hostId, alumnusId, entryName } = await recipientsOfEntry(db, target, actor.viewer);
  const reachable: Recipient[] = [];
  for (const recipient of recipients)
    if (recipient.id !== actor.viewer.personId && !(await repository.hasReported(db, recipient.id, actor.viewer.personId)))
      reachable.push(recipient);
  if (reachable.length === 0) throw notFound();
  await countContact(db, actor);
  const kind: DirectoryMessageKind = target.kind === 'host' ? input.kind : 'message';
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const recipient of reachable) {
      const message = await repository.insertMessage(tx, {
        kind,
        hostId,
        alumnusId,
        senderId: actor.viewer.personId,
        recipientId: recipient.id,
        body: input.body,
        period: kind === 'placement_request' ? input.period : null,
        createdAt: actor.now,
      });
      await notifyRecipient(tx, deps, recipient, message, actor.viewer.givenName, entryName);
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: `map.${kind}_sent`,
        entityType: 'directory_message',
        entityId: message.id,
        requestId: actor.requestId,
        details: { hostId, alumnusId, recipientId: recipient.id },
      });
      ids.push(message.id);
    }
    return ids;
  });
}

/** A message is seen by its sender and its recipient only. */
export async function visibleMessage(db: Database, viewer: Viewer, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const row = await repository.findMessageView(db, id);
  if (!row || (row.message.recipientId !== viewer.personId && row.message.senderId !== viewer.personId)) throw notFound();
  return { ...row, isRecipient: row.message.recipientId === viewer.personId };
}

export async function replyToMessage(deps: AppDependencies, actor: Actor, id: string, body: string) {
  const { db } = deps;
  const original = await visibleMessage(db, actor.viewer, id);
  if (!original.isRecipient) throw notFound();
  if (original.message.reportedAt) throw new AppError('conflict', 'map.message.reported');
  const [sender] = await repository.findPeople(db, [original.message.senderId]);
  if (!sender) throw notFound();
  await countContact(db, actor);
  const entryName = original.hostName ?? original.alumnusName ?? '';
  return db.transaction(async (tx) => {
    const reply = await repository.insertMessage(tx, {
      kind: 'reply',
      hostId: original.message.hostId,
      alumnusId: original.message.alumnusId,
      inReplyToId: original.message.id,
      senderId: actor.viewer.personId,
      recipientId: sender.id,
      body,
      createdAt: actor.now,
    });
    await notifyRecipient(tx, deps, sender, reply, actor.viewer.givenName, entryName);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.reply_sent',
      entityType: 'directory_message',
      entityId: reply.id,
      requestId: actor.requestId,
      details: { inReplyToId: original.message.id },
    });
    return reply.id;
  });
}

/** The recipient reports abuse: the animators see it, and the sender can no longer write to them. */
export async function reportMessage(db: Database, actor: Actor, id: string, reason: string) {
  const found = await visibleMessage(db, actor.viewer, id);
  if (!found.isRecipient) throw notFound();
  if (found.message.reportedAt) throw new AppError('conflict', 'map.message.reported');
  await db.transaction(async (tx) => {
    await repository.markReported(tx, id, reason, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.message_reported',
      entityType: 'directory_message',
      entityId: id,
      requestId: actor.requestId,
      details: { senderId: found.message.senderId },
    });
  });
}

/** Organisations a viewer may put on the map: their own host organisations, or the hosts their learners went to. */
export async function proposableOrganisations(db: Database, viewer: Viewer) {
  if (!canOnMap(viewer, 'proposeHost')) throw notFound();
  const own = await repository.findOrganisations(db, organisationsWhere(viewer, ['org_admin', 'host_contact']));
  const workedWith = await repository.hostOrganisationsOfSenders(db, organisationsWhere(viewer, ['mobility_coach', 'org_admin']));
  const all = new Map([...own, ...workedWith].map((organisation) => [organisation.id, organisation]));
  const listed = await Promise.all(
    [...all.values()].map(async (organisation) => ((await repository.findHostByOrganisation(db, organisation.id)) ? null : organisation)),
  );
  return listed.filter((organisation) => organisation !== null);
}

const slugOf = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/** A coach or host organisation proposes a host; it waits for an animator before it is public. */
export async function proposeHost(db: Database, actor: Actor, input: ProposeHostInput) {
  const allowed = await proposableOrganisations(db, actor.viewer);
  const organisation = allowed.find((candidate) => candidate.id === input.organisationId);
  if (!organisation) throw notFound();
  const [full] = await repository.findOrganisations(db, [organisation.id]);
  if (!full) throw notFound();
  const useExact = input.locationPrecision === 'exact' && full.latitude !== null && full.longitude !== null;
  return db.transaction(async (tx) => {
    const host = await repository.insertHost(tx, {
      slug: `${slugOf(`${full.city}-${full.legalName}`)}-${full.id.slice(0, 6)}`,
      organisationId: full.id,
      description: { fr: input.descriptionFr, en: input.descriptionEn },
      typicalDurations: input.typicalDurations,
      locationPrecision: useExact ? 'exact' : 'city',
      latitude: full.latitude ?? 0,
      longitude: full.longitude ?? 0,
      status: 'proposed',
      proposedById: actor.viewer.personId,
      lastConfirmedOn: isoDay(actor.now),
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.host_proposed',
      entityType: 'directory_host',
      entityId: host.id,
      organisationId: full.id,
      requestId: actor.requestId,
    });
    return host;
  });
}

/** The host's own people edit what the map says and confirm it is still true (the "last confirmed" date). */
export async function editHostEntry(db: Database, actor: Actor, slug: string, input: HostEntryInput) {
  const entry = await hostEntry(db, actor.viewer, slug);
  if (!entry.mayEdit) throw notFound();
  await db.transaction(async (tx) => {
    await repository.updateHost(tx, entry.host.id, {
      description: { ...entry.host.description, fr: input.descriptionFr, en: input.descriptionEn },
      typicalDurations: input.typicalDurations,
      locationPrecision: input.locationPrecision,
      lastConfirmedOn: isoDay(actor.now),
      updatedAt: actor.now,
    });
    await repository.bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.host_edited',
      entityType: 'directory_host',
      entityId: entry.host.id,
      organisationId: entry.host.organisationId,
      requestId: actor.requestId,
    });
  });
}

export async function confirmHostEntry(db: Database, actor: Actor, slug: string) {
  const entry = await hostEntry(db, actor.viewer, slug);
  if (!entry.mayEdit) throw notFound();
  await db.transaction(async (tx) => {
    await repository.updateHost(tx, entry.host.id, { lastConfirmedOn: isoDay(actor.now), updatedAt: actor.now });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.host_confirmed',
      entityType: 'directory_host',
      entityId: entry.host.id,
      organisationId: entry.host.organisationId,
      requestId: actor.requestId,
    });
  });
}

export type ReviewDecision = 'publish' | 'hide';
const statusOfDecision = { publish: 'published', hide: 'hidden' } as const satisfies Record<ReviewDecision, 'published' | 'hidden'>;

/** An animator publishes a proposed entry or hides a stale one; the map changes at once. */
export async function reviewEntry(db: Database, actor: Actor, kind: 'host' | 'alumnus', id: string, decision: ReviewDecision) {
  if (!canOnMap(actor.viewer, 'review') || !/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const status = statusOfDecision[decision];
  await db.transaction(async (tx) => {
    if (kind === 'host') {
      const row = await repository.findHostById(tx, id);
      if (!row) throw notFound();
      if (row.host.status === status) throw new AppError('conflict', 'mapCuration.alreadyDone');
      await repository.updateHost(tx, id, { status, reviewedById: actor.viewer.personId, updatedAt: actor.now });
    } else {
      const row = await repository.findAlumnusById(tx, id);
      if (!row) throw notFound();
      if (row.status === status) throw new AppError('conflict', 'mapCuration.alreadyDone');
      await repository.updateAlumnus(tx, id, { status, reviewedById: actor.viewer.personId, updatedAt: actor.now });
    }
    await repository.bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: `map.${kind}_${status}`,
      entityType: kind === 'host' ? 'directory_host' : 'directory_alumnus',
      entityId: id,
      requestId: actor.requestId,
    });
  });
}

export async function reviewQueue(db: Database, viewer: Viewer, now: Date) {
  if (!canOnMap(viewer, 'review')) throw notFound();
  const before = staleBefore(now);
  const [proposedHosts, proposedAlumni, staleHosts, staleAlumni, reported] = await Promise.all([
    repository.listHostsByStatus(db, 'proposed'),
    repository.listAlumniByStatus(db, 'proposed'),
    repository.listHostsByStatus(db, 'published', before),
    repository.listAlumniByStatus(db, 'published', before),
    repository.listReportedMessages(db),
  ]);
  return { proposedHosts, proposedAlumni, staleHosts, staleAlumni, reported };
}

/** The alumnus' own ambassador profile, with what it still needs before it can be public. */
export async function ownAmbassadorProfile(db: Database, viewer: Viewer) {
  if (!canOnMap(viewer, 'beAmbassador')) throw notFound();
  return repository.findAlumnusOfPerson(db, viewer.personId);
}

/** Host cities an alumnus can choose: the cities of the published hosts (a city, never an address). */
export async function hostCityChoices(db: Database) {
  const hosts = await repository.listPublishedHosts(db);
  const cities = new Map<string, { value: string; city: string; country: string; latitude: number; longitude: number }>();
  for (const row of hosts) {
    const value = `${row.country}|${row.city}`;
    if (!cities.has(value))
      cities.set(value, { value, city: row.city, country: row.country, latitude: row.host.latitude, longitude: row.host.longitude });
  }
  return [...cities.values()].sort((a, b) => a.country.localeCompare(b.country) || a.city.localeCompare(b.city));
}

/**
 * An alumnus gives (or renews) consent with their profile. A minor's profile also waits for a
 * guardian; every new or changed profile waits for an animator before it is public.
 */
export async function saveAmbassadorProfile(db: Database, actor: Actor, input: AmbassadorInput) {
  const existing = await ownAmbassadorProfile(db, actor.viewer);
  const city = (await hostCityChoices(db)).find((choice) => choice.value === input.hostCity);
  if (!city) throw new AppError('invalid_input', 'common.validation.invalid', { hostCity: 'common.validation.invalid' });
  const isMinor = isMinorOn(await repository.findPersonBirthDate(db, actor.viewer.personId), actor.now);
  const values = {
    displayName: input.displayName,
    trade: input.trade,
    homeCentre: input.homeCentre,
    hostCity: city.city,
    hostCountry: city.country,
    latitude: city.latitude,
    longitude: city.longitude,
    year: input.year,
    durationWeeks: input.durationWeeks,
    testimonial: { en: input.testimonialEn ?? input.testimonialFr!, ...(input.testimonialFr ? { fr: input.testimonialFr } : {}) },
    languages: input.languages,
    isHappyToBeContacted: input.isHappyToBeContacted,
    consentGivenAt: actor.now,
    consentWithdrawnAt: null,
    isGuardianConsentRequired: isMinor,
    guardianConsentGivenAt: null,
    guardianConsentById: null,
    status: 'proposed' as const,
    lastConfirmedOn: isoDay(actor.now),
    updatedAt: actor.now,
  };
  await db.transaction(async (tx) => {
    const id = existing
      ? existing.id
      : (
          await repository.insertAlumnus(tx, {
            slug: `${slugOf(input.displayName)}-${actor.viewer.personId.slice(0, 8)}`,
            personId: actor.viewer.personId,
            ...values,
            createdAt: actor.now,
          })
        ).id;
    if (existing) await repository.updateAlumnus(tx, id, values);
    await repository.bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.ambassador_consent_given',
      entityType: 'directory_alumnus',
      entityId: id,
      requestId: actor.requestId,
      details: { isGuardianConsentRequired: isMinor },
    });
  });
}

/** Withdrawal takes effect at once: the version bump makes every instance drop the entry. */
export async function withdrawAmbassadorConsent(db: Database, actor: Actor) {
  const existing = await ownAmbassadorProfile(db, actor.viewer);
  if (!existing || existing.consentWithdrawnAt) throw notFound();
  await withdraw(db, actor, existing.id);
}

async function withdraw(db: Database, actor: Actor, alumnusId: string) {
  await db.transaction(async (tx) => {
    await repository.updateAlumnus(tx, alumnusId, { consentWithdrawnAt: actor.now, updatedAt: actor.now });
    await repository.bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.ambassador_consent_withdrawn',
      entityType: 'directory_alumnus',
      entityId: alumnusId,
      requestId: actor.requestId,
    });
  });
}

/** A guardian reads the ambassador profiles of their minors (an audited read of a minor's data). */
export async function wardsAmbassadorProfiles(db: Database, actor: Actor) {
  const rows = await repository.alumniOfWards(db, actor.viewer.personId);
  if (rows.length > 0) {
    await db.transaction(async (tx) => {
      for (const { alumnus } of rows)
        await recordAudit(tx, {
          actorId: actor.viewer.personId,
          action: 'map.ambassador_read_by_guardian',
          entityType: 'directory_alumnus',
          entityId: alumnus.id,
          requestId: actor.requestId,
        });
    });
  }
  return rows.map((row) => row.alumnus);
}

async function wardProfile(db: Database, actor: Actor, alumnusId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(alumnusId)) throw notFound();
  const alumnus = await repository.findAlumnusById(db, alumnusId);
  if (!alumnus?.personId || !(await repository.isGuardianOf(db, actor.viewer.personId, alumnus.personId))) throw notFound();
  return alumnus;
}

export async function giveGuardianConsent(db: Database, actor: Actor, alumnusId: string) {
  const alumnus = await wardProfile(db, actor, alumnusId);
  if (!alumnus.isGuardianConsentRequired || alumnus.guardianConsentGivenAt || alumnus.consentWithdrawnAt)
    throw new AppError('conflict', 'mapCuration.alreadyDone');
  await db.transaction(async (tx) => {
    await repository.updateAlumnus(tx, alumnus.id, {
      guardianConsentGivenAt: actor.now,
      guardianConsentById: actor.viewer.personId,
      updatedAt: actor.now,
    });
    await repository.bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'map.ambassador_guardian_consent_given',
      entityType: 'directory_alumnus',
      entityId: alumnus.id,
      requestId: actor.requestId,
    });
  });
}

export async function withdrawGuardianConsent(db: Database, actor: Actor, alumnusId: string) {
  const alumnus = await wardProfile(db, actor, alumnusId);
  if (alumnus.consentWithdrawnAt) throw new AppError('conflict', 'mapCuration.alreadyDone');
  await withdraw(db, actor, alumnus.id);
}
