import type { Database } from '../db/client.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { hit, type RateLimitRule } from '../security/rate-limit.js';
import { hasRoleIn } from '../accounts/viewer.js';
import type { IncidentSeverity } from '../db/schema/index.js';
import { isMinorAtDeparture, mobilityFor } from '../mobilities/mobilities.service.js';
import type { MobilityRelation } from '../mobilities/mobilities.policy.js';
import { accompaniedBy } from '../mobilities/mobilities.repository.js';
import { countryName, formatDate } from '../../shared/format.js';
import { createTranslator, type MessageKey } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/i18n/languages.js';
import { emergencyNumbersOf, type EmergencyNumber } from './emergency-numbers.js';
import { incidentRightsByRelation, lowCheckinScore, onCallEditorRoles, type IncidentRights } from './incidents.policy.js';
import type { CheckinInput, IncidentInput, LogEntryInput, OnCallInput } from './incidents.schema.js';
import * as repository from './incidents.repository.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Reports send mail to other people at once: a person may file at most this many an hour. */
export const incidentReportLimit: RateLimitRule = { name: 'incident-report', limit: 10, windowSeconds: 3600 };

/** Monday (UTC) of the week containing a moment: the key of "one check-in per week". */
export function weekStartOf(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return isoDay(day);
}

export function signalsTrouble(input: Pick<CheckinInput, 'wellbeing' | 'atWork' | 'atHome' | 'wantsToTalk'>): boolean {
  return input.wantsToTalk || Math.min(input.wellbeing, input.atWork, input.atHome) <= lowCheckinScore;
}

/** Staff mail is written in French or English, whatever else the person reads. */
const staffLanguageOf = (preferred: string): Language => (preferred === 'fr' ? 'fr' : 'en');

// ---- check-ins ------------------------------------------------------------------------------------

export async function checkinPage(db: Database, actor: Actor) {
  const stay = await repository.currentStayOf(db, actor.viewer.personId, isoDay(actor.now));
  const weekStart = weekStartOf(actor.now);
  const history = await repository.checkinsOfPerson(db, actor.viewer.personId, 8);
  return { stay, weekStart, answered: history.find((row) => row.weekStart === weekStart), history };
}

/** The learner answers this week's check-in; an answer that signals trouble alerts her coaches at once. */
export async function submitCheckin(deps: AppDependencies, actor: Actor, input: CheckinInput) {
  const { db, config } = deps;
  const stay = await repository.currentStayOf(db, actor.viewer.personId, isoDay(actor.now));
  if (!stay) throw notFound();
  const weekStart = weekStartOf(actor.now);
  const needsAttention = signalsTrouble(input);
  return db.transaction(async (tx) => {
    const checkin = await repository.insertCheckin(tx, {
      mobilityId: stay.id,
      personId: actor.viewer.personId,
      weekStart,
      wellbeing: input.wellbeing,
      atWork: input.atWork,
      atHome: input.atHome,
      message: input.message,
      wantsToTalk: input.wantsToTalk,
      needsAttention,
      createdAt: actor.now,
    });
    if (!checkin) throw new AppError('conflict', 'checkins.alreadyAnswered');
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'checkin.submitted',
      entityType: 'checkin',
      entityId: checkin.id,
      organisationId: stay.sendingOrganisationId,
      requestId: actor.requestId,
      details: { weekStart, needsAttention },
    });
    if (!needsAttention) return checkin;
    const learner = `${actor.viewer.givenName} ${actor.viewer.familyName}`;
    for (const coach of await repository.coachesOf(tx, stay.sendingOrganisationId)) {
      if (!coach.email) continue;
      const language = staffLanguageOf(coach.preferredLanguage);
      const t = createTranslator(language);
      await enqueueMail(
        tx,
        {
          to: coach.email,
          language,
          subject: t('coachCheckins.mail.subject', { learner }),
          text: t('coachCheckins.mail.body', {
            learner,
            week: formatDate(language, weekStart),
            wellbeing: input.wellbeing,
            atWork: input.atWork,
            atHome: input.atHome,
            wantsToTalk: t(input.wantsToTalk ? 'coachCheckins.yes' : 'coachCheckins.no'),
            link: `${config.baseUrl}/mobilities/${stay.id}/checkins?lang=${language}`,
          }),
          idempotencyKey: `checkin-alert:${checkin.id}:${coach.personId}`,
        },
        Boolean(config.smtpUrl),
      );
    }
    return checkin;
  });
}

/**
 * What the viewer may do with a mobility's incidents. A teacher of the sending organisation who also
 * accompanies the learner abroad follows the mediation as her accompanying person.
 */
async function incidentRightsOn(db: Database, actor: Actor, mobilityId: string, relation: MobilityRelation): Promise<IncidentRights> {
  const rights = incidentRightsByRelation[relation];
  if (rights.readLog || !actor.viewer.roles.has('accompanying_person')) return rights;
  return (await accompaniedBy(db, mobilityId, actor.viewer.personId)) ? incidentRightsByRelation.accompanying : rights;
}

/** A mobility's check-ins with their messages, for its coaches and accompanying person (audited for a minor by mobilityFor). */
export async function checkinsOfMobility(db: Database, actor: Actor, mobilityId: string) {
  const view = await mobilityFor(db, actor, mobilityId);
  if (!(await incidentRightsOn(db, actor, mobilityId, view.relation)).readLog) throw notFound();
  return { view, checkins: await repository.checkinsOfPerson(db, view.mobility.participantId, 52) };
}

// ---- incidents ------------------------------------------------------------------------------------

/** The role shown for a reporter's relation to the mobility. */
export const relationRole = {
  manager: 'role.mobility_coach',
  reader: 'role.teacher',
  coordinator: 'role.consortium_coordinator',
  participant: 'role.learner',
  guardian: 'role.guardian',
  host_contact: 'role.host_contact',
  tutor: 'role.host_tutor',
  host_family: 'role.host_family',
  accompanying: 'role.accompanying_person',
} as const satisfies Record<MobilityRelation, MessageKey>;

export async function reportForm(db: Database, actor: Actor, mobilityId: string) {
  const view = await mobilityFor(db, actor, mobilityId);
  if (!incidentRightsByRelation[view.relation].report) throw notFound();
  return view;
}

function emergencyLines(language: Language, numbers: EmergencyNumber[]) {
  const t = createTranslator(language);
  return numbers
    .map((entry) => `- ${entry.number}: ${entry.label ? entry.label[language === 'fr' ? 'fr' : 'en'] : t('incidents.emergency.112')}`)
    .join('\n');
}

type Recipient = { key: string; email: string; language: Language };

/** Who hears of a report at once: the coaches for a serious one; the on-call contact too when urgent. */
async function recipientsOf(db: Database, sendingOrganisationId: string, severity: IncidentSeverity): Promise<Recipient[]> {
  if (severity === 'low') return [];
  const coaches = (await repository.coachesOf(db, sendingOrganisationId))
    .filter((coach) => coach.email)
    .map((coach) => ({ key: coach.personId, email: coach.email!, language: staffLanguageOf(coach.preferredLanguage) }));
  if (severity !== 'urgent') return coaches;
  const [onCall, organisation] = await Promise.all([
    repository.findOnCall(db, sendingOrganisationId),
    repository.findOrganisation(db, sendingOrganisationId),
  ]);
  if (!onCall || coaches.some((coach) => coach.email.toLowerCase() === onCall.email.toLowerCase())) return coaches;
  return [
    ...coaches,
    { key: 'on-call', email: onCall.email, language: staffLanguageOf(organisation?.languages.includes('fr') ? 'fr' : 'en') },
  ];
}

/**
 * Someone around the learner reports an incident. The report, its audit row and the mail to the
 * coaches (and, when urgent, to the on-call contact, with the host country's emergency numbers) are
 * written together, so nobody is told of a report that was not saved.
 */
export async function reportIncident(deps: AppDependencies, actor: Actor, mobilityId: string, input: IncidentInput) {
  const { db, config } = deps;
  const view = await reportForm(db, actor, mobilityId);
  if ((await hit(db, incidentReportLimit, actor.viewer.personId, actor.now)) > incidentReportLimit.limit)
    throw new AppError('rate_limited');
  const hostCountry = await repository.hostCountryOf(db, mobilityId);
  const sendingOrganisationId = view.mobility.sendingOrganisationId;
  return db.transaction(async (tx) => {
    const incident = await repository.insertIncident(tx, {
      mobilityId,
      sendingOrganisationId,
      reporterId: actor.viewer.personId,
      reporterRelation: view.relation,
      category: input.category,
      severity: input.severity,
      description: input.description,
      hostCountry,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'incident.reported',
      entityType: 'incident',
      entityId: incident.id,
      organisationId: sendingOrganisationId,
      requestId: actor.requestId,
      details: { mobilityId, category: input.category, severity: input.severity, relation: view.relation },
    });
    const learner = `${view.participant.givenName} ${view.participant.familyName}`;
    const reporter = `${actor.viewer.givenName} ${actor.viewer.familyName}`;
    const numbers = emergencyNumbersOf(hostCountry);
    for (const recipient of await recipientsOf(tx, sendingOrganisationId, input.severity)) {
      const t = createTranslator(recipient.language);
      const country = hostCountry ? countryName(recipient.language, hostCountry) : '—';
      await enqueueMail(
        tx,
        {
          to: recipient.email,
          language: recipient.language,
          subject: t('mediation.mail.subject', { severity: t(`incidents.severity.${input.severity}`), learner }),
          text: t('mediation.mail.body', {
            reporter,
            relation: t(relationRole[view.relation]),
            learner,
            country,
            category: t(`incidents.category.${input.category}`),
            severity: t(`incidents.severity.${input.severity}`),
            description: input.description,
            numbers: emergencyLines(recipient.language, numbers),
            link: `${config.baseUrl}/incidents/${incident.id}?lang=${recipient.language}`,
          }),
          idempotencyKey: `incident:${incident.id}:${recipient.key}`,
        },
        Boolean(config.smtpUrl),
      );
    }
    return incident;
  });
}

/**
 * An incident as the viewer may see it: the reporter sees their report and its status; the
 * coaches and admins of the sending organisation and the accompanying person also see the mediation
 * log. Anyone else gets 404 — the host tutor does not learn of a report by the host family. Every
 * read of a minor's incident is audited.
 */
export async function incidentFor(db: Database, actor: Actor, incidentId: string) {
  if (!uuidPattern.test(incidentId)) throw notFound();
  const found = await repository.findIncident(db, incidentId);
  if (!found) throw notFound();
  const { incident } = found;
  const isReporter = incident.reporterId === actor.viewer.personId;
  let rights: IncidentRights = { report: false, readLog: false, mediate: false, close: false };
  let relation: MobilityRelation | undefined;
  try {
    relation = (await mobilityFor(db, actor, incident.mobilityId)).relation;
    rights = await incidentRightsOn(db, actor, incident.mobilityId, relation);
  } catch (error) {
    // A reporter who no longer sees the mobility still sees their own report.
    if (!(error instanceof AppError && error.code === 'not_found' && isReporter)) throw error;
  }
  if (!isReporter && !rights.readLog) throw notFound();
  if (isMinorAtDeparture(found.birthDate, found.startDate)) {
    await recordAudit(db, {
      actorId: actor.viewer.personId,
      action: 'incident.minor_data_viewed',
      entityType: 'incident',
      entityId: incident.id,
      organisationId: incident.sendingOrganisationId,
      requestId: actor.requestId,
      details: { relation: relation ?? 'reporter' },
    });
  }
  const log = rights.readLog ? await repository.logEntriesOf(db, incident.id) : [];
  const reporter = rights.readLog ? await repository.findPerson(db, incident.reporterId) : undefined;
  return {
    incident,
    learner: { givenName: found.givenName, familyName: found.familyName },
    rights,
    isReporter,
    log,
    reporter,
    emergencyNumbers: incident.severity === 'urgent' ? emergencyNumbersOf(incident.hostCountry) : [],
  };
}

export async function addLogEntry(db: Database, actor: Actor, incidentId: string, input: LogEntryInput) {
  const view = await incidentFor(db, actor, incidentId);
  if (!view.rights.mediate) throw notFound();
  if (view.incident.status !== 'open') throw new AppError('conflict', 'incidents.log.closed');
  await db.transaction(async (tx) => {
    const entry = await repository.insertLogEntry(tx, { incidentId, authorId: actor.viewer.personId, ...input, createdAt: actor.now });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'incident.log_entry_added',
      entityType: 'incident',
      entityId: incidentId,
      organisationId: view.incident.sendingOrganisationId,
      requestId: actor.requestId,
      details: { entryId: entry.id },
    });
  });
}

export async function closeIncident(db: Database, actor: Actor, incidentId: string, resolution: string) {
  const view = await incidentFor(db, actor, incidentId);
  if (!view.rights.close) throw notFound();
  await db.transaction(async (tx) => {
    if (!(await repository.closeIncident(tx, incidentId, { resolution, closedById: actor.viewer.personId, now: actor.now }))) {
      throw new AppError('conflict', 'incidents.log.closed');
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'incident.closed',
      entityType: 'incident',
      entityId: incidentId,
      organisationId: view.incident.sendingOrganisationId,
      requestId: actor.requestId,
    });
  });
}

// ---- on-call contact ------------------------------------------------------------------------------

async function editableOrganisation(db: Database, actor: Actor, organisationId: string) {
  if (!uuidPattern.test(organisationId)) throw notFound();
  if (!actor.viewer.isPlatformAdmin && !hasRoleIn(actor.viewer, organisationId, onCallEditorRoles)) throw notFound();
  const organisation = await repository.findOrganisation(db, organisationId);
  if (!organisation) throw notFound();
  return organisation;
}

export async function onCallOf(db: Database, actor: Actor, organisationId: string) {
  const organisation = await editableOrganisation(db, actor, organisationId);
  return { organisation, onCall: await repository.findOnCall(db, organisationId) };
}

export async function saveOnCall(db: Database, actor: Actor, organisationId: string, input: OnCallInput) {
  await editableOrganisation(db, actor, organisationId);
  await db.transaction(async (tx) => {
    await repository.upsertOnCall(tx, { organisationId, ...input, updatedById: actor.viewer.personId, updatedAt: actor.now });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'organisation.on_call_updated',
      entityType: 'organisation',
      entityId: organisationId,
      organisationId,
      requestId: actor.requestId,
    });
  });
}
