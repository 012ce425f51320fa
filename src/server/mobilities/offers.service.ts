import type { Database } from '../db/client.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import { randomToken, sha256 } from '../security/tokens.js';
import { selectionCriteria, type SelectionCriterion } from '../db/schema/index.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import { formatDate } from '../../shared/format.js';
import * as repository from './offers.repository.js';
import * as mobilityRepository from './mobilities.repository.js';
import { mobilityManagerRoles } from './mobilities.policy.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;
export const defaultCriteriaWeights = { motivation: 40, language: 20, maturity: 20, fewer_opportunities: 20 } as const satisfies Record<SelectionCriterion, number>;
const asLanguage = (value: string | null | undefined): Language => (isLanguage(value) ? value : 'fr');

export function managedOrganisations(viewer: Viewer) {
  return viewer.isPlatformAdmin ? [] : organisationsWhere(viewer, mobilityManagerRoles);
}

/** An offer the viewer may see: managers of its organisation always; its learners once published. */
export async function offerFor(db: Database, viewer: Viewer, offerId: string) {
  if (!uuidPattern.test(offerId)) throw notFound();
  const found = await repository.findOffer(db, offerId);
  if (!found) throw notFound();
  const canManage = viewer.isPlatformAdmin || organisationsWhere(viewer, mobilityManagerRoles).includes(found.offer.organisationId);
  const isLearner = organisationsWhere(viewer, ['learner']).includes(found.offer.organisationId);
  if (!canManage && !(isLearner && found.offer.status === 'published')) throw notFound();
  return { ...found, canManage, isLearner };
}

export type OfferInput = {
  organisationId: string;
  projectId: string;
  hostOrganisationId: string | null;
  activityType: string;
  title: string;
  destinationCity: string;
  destinationCountry: string;
  sector: string | null;
  startDate: string;
  endDate: string;
  places: number;
  eligibility: string | null;
  costsCovered: string | null;
  deadline: string;
};

export async function createOffer(db: Database, actor: Actor, input: OfferInput) {
  if (!actor.viewer.isPlatformAdmin && !managedOrganisations(actor.viewer).includes(input.organisationId)) throw notFound();
  return db.transaction(async (tx) => {
    const offer = await repository.insertOffer(tx, { ...input, criteriaWeights: { ...defaultCriteriaWeights }, status: 'published', createdById: actor.viewer.personId, createdAt: actor.now, updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'offer.published', entityType: 'mobility_offer', entityId: offer.id, organisationId: input.organisationId, requestId: actor.requestId });
    return offer;
  });
}

/**
 * A learner applies before the deadline (checked here, on the server's clock). When she names her
 * employer, the employer receives a link to agree without an account.
 */
export async function applyToOffer(
  deps: AppDependencies,
  actor: Actor,
  offerId: string,
  input: { motivation: string; languageLevel: string; cvLink: string | null; employerName: string | null; employerEmail: string | null; employerLanguage: Language },
) {
  const { offer, isLearner } = await offerFor(deps.db, actor.viewer, offerId);
  if (!isLearner || offer.status !== 'published') throw notFound();
  const today = actor.now.toISOString().slice(0, 10);
  if (today > offer.deadline) throw new AppError('conflict', 'offers.deadlinePassed');
  const token = input.employerEmail ? randomToken() : null;
  await deps.db.transaction(async (tx) => {
    const application = await repository.insertApplication(tx, {
      offerId,
      learnerId: actor.viewer.personId,
      ...input,
      employerTokenHash: token ? sha256(token) : null,
      employerDecision: token ? 'pending' : 'not_needed',
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    if (!application) throw new AppError('conflict', 'offers.alreadyApplied');
    if (token && input.employerEmail) {
      const t = createTranslator(input.employerLanguage);
      await enqueueMail(
        tx,
        {
          to: input.employerEmail,
          language: input.employerLanguage,
          subject: t('mail.employerApproval.subject', { name: `${actor.viewer.givenName} ${actor.viewer.familyName}` }),
          text: t('mail.employerApproval.body', {
            employer: input.employerName ?? '',
            name: `${actor.viewer.givenName} ${actor.viewer.familyName}`,
            offer: offer.title,
            city: offer.destinationCity,
            start: formatDate(input.employerLanguage, offer.startDate),
            end: formatDate(input.employerLanguage, offer.endDate),
            link: `${deps.config.baseUrl}/employer-approval/${token}?lang=${input.employerLanguage}`,
          }),
          idempotencyKey: `employer-approval:${application.id}`,
        },
        Boolean(deps.config.smtpUrl),
      );
    }
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'application.submitted', entityType: 'offer_application', entityId: application.id, organisationId: offer.organisationId, requestId: actor.requestId });
  });
}

export async function employerApprovalFor(db: Database, token: string) {
  const found = await repository.findApplicationByEmployerToken(db, sha256(token));
  if (!found) throw notFound();
  return found;
}

export async function recordEmployerDecision(db: Database, token: string, decision: 'approved' | 'refused', requestId: string, now: Date) {
  const found = await employerApprovalFor(db, token);
  if (found.application.employerDecision !== 'pending') throw new AppError('gone');
  await db.transaction(async (tx) => {
    await repository.updateApplication(tx, found.application.id, { employerDecision: decision, employerDecidedAt: now, updatedAt: now });
    await recordAudit(tx, { actorId: null, action: `application.employer_${decision}`, entityType: 'offer_application', entityId: found.application.id, organisationId: found.offer.organisationId, requestId, details: { by: 'employer link' } });
  });
}

/** Weighted score out of 100 from marks 0–5 per criterion; null until every criterion is marked. */
export function weightedScore(scores: Partial<Record<SelectionCriterion, number>>, weights: Record<SelectionCriterion, number>): number | null {
  if (!selectionCriteria.every((criterion) => typeof scores[criterion] === 'number')) return null;
  const total = selectionCriteria.reduce((sum, criterion) => sum + (scores[criterion]! / 5) * weights[criterion], 0);
  const weightSum = selectionCriteria.reduce((sum, criterion) => sum + weights[criterion], 0);
  return Math.round((total / weightSum) * 100);
}

async function managedApplication(db: Database, actor: Actor, offerId: string, applicationId: string) {
  const found = await offerFor(db, actor.viewer, offerId);
  if (!found.canManage || !uuidPattern.test(applicationId)) throw notFound();
  const application = await repository.findApplication(db, applicationId);
  if (!application || application.application.offerId !== offerId) throw notFound();
  return { ...found, ...application };
}

export async function scoreApplication(db: Database, actor: Actor, offerId: string, applicationId: string, scores: Record<SelectionCriterion, number>) {
  const found = await managedApplication(db, actor, offerId, applicationId);
  await db.transaction(async (tx) => {
    await repository.updateApplication(tx, applicationId, { scores, weightedScore: weightedScore(scores, found.offer.criteriaWeights), updatedAt: actor.now });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'application.scored', entityType: 'offer_application', entityId: applicationId, organisationId: found.offer.organisationId, requestId: actor.requestId, details: { scores } });
  });
}

export type SelectionDecision = 'selected' | 'waiting_list' | 'rejected';

/**
 * Decides on an application and tells the learner in her language. Selecting needs her employer's
 * agreement (when she named one) and creates her mobility record, in the same transaction.
 */
export async function decideApplication(deps: AppDependencies, actor: Actor, offerId: string, applicationId: string, decision: SelectionDecision) {
  const db = deps.db;
  const found = await managedApplication(db, actor, offerId, applicationId);
  const { application, offer } = found;
  if (application.status === 'selected' || application.status === 'withdrawn') throw new AppError('conflict', 'offers.alreadyDecided');
  if (decision === 'selected' && !['approved', 'not_needed'].includes(application.employerDecision)) throw new AppError('conflict', 'offers.employerNotAgreed');
  const language = asLanguage(found.preferredLanguage);
  const t = createTranslator(language);
  await db.transaction(async (tx) => {
    let mobilityId: string | null = null;
    if (decision === 'selected') {
      const mobility = await mobilityRepository.insertMobility(tx, {
        projectId: offer.projectId,
        participantId: application.learnerId,
        sendingOrganisationId: offer.organisationId,
        activityType: offer.activityType,
        status: 'selected',
        startDate: offer.startDate,
        endDate: offer.endDate,
        createdAt: actor.now,
        updatedAt: actor.now,
      });
      mobilityId = mobility.id;
      if (offer.hostOrganisationId) {
        const host = await mobilityRepository.organisationLocation(tx, offer.hostOrganisationId);
        await mobilityRepository.insertItinerary(tx, { mobilityId, hostOrganisationId: offer.hostOrganisationId, city: host!.city, country: host!.country, latitude: host!.latitude, longitude: host!.longitude, startDate: offer.startDate, endDate: offer.endDate });
      }
    }
    await repository.updateApplication(tx, applicationId, { status: decision, decidedAt: actor.now, mobilityId, updatedAt: actor.now });
    if (found.email) {
      await enqueueMail(
        tx,
        {
          to: found.email,
          language,
          subject: t('mail.offerDecision.subject', { offer: offer.title }),
          text: t(`mail.offerDecision.${decision}`, { name: found.givenName, offer: offer.title, link: `${deps.config.baseUrl}/offers/${offer.id}?lang=${language}` }),
          idempotencyKey: `offer-decision:${applicationId}:${decision}`,
        },
        Boolean(deps.config.smtpUrl),
      );
    }
    await recordAudit(tx, { actorId: actor.viewer.personId, action: `application.${decision}`, entityType: 'offer_application', entityId: applicationId, organisationId: offer.organisationId, requestId: actor.requestId, details: mobilityId ? { mobilityId } : {} });
  });
}
