import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { CallCriterion, CallDecisionOutcome, callApplications, networkCalls } from '../db/schema/index.js';
import type { Actor, AppDependencies } from '../http/context.js';
import type { Viewer } from '../accounts/viewer.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { staffLanguages, type Language } from '../../shared/i18n/languages.js';
import { formatNumber } from '../../shared/format.js';
import { animatesNetwork, applyingOrganisationIds, reviewerRoles } from './calls.policy.js';
import type { ApplicationInput, CallInput, DecisionInput } from './calls.schema.js';
import * as repository from './calls.repository.js';
import { checkedUpload, safeFileName } from './uploads.js';

export type Call = typeof networkCalls.$inferSelect;
export type Application = typeof callApplications.$inferSelect;
export type UploadedFile = { fieldId: string; name: string; type: string; bytes: Uint8Array };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export function isPastDeadline(call: Pick<Call, 'deadline'>, now: Date) {
  return now.getTime() > call.deadline.getTime();
}

/** The calls a person may see: their animated networks', their member organisations' and those they review. */
export async function visibleCalls(db: Database, viewer: Viewer) {
  const memberNetworks = await repository.networksWithMembers(db, applyingOrganisationIds(viewer));
  const networkIds = [...new Set([...viewer.animatedNetworks.map((network) => network.id), ...memberNetworks])];
  return repository.listCalls(db, networkIds, viewer.personId);
}

export async function openCall(db: Database, actor: Actor, input: CallInput, isDemo = false) {
  if (!animatesNetwork(actor.viewer, input.networkId)) throw notFound();
  if (input.deadline.getTime() <= actor.now.getTime())
    throw new AppError('invalid_input', 'network.validation.deadlineFuture', { deadline: 'network.validation.deadlineFuture' });
  return db.transaction(async (tx) => {
    const call = await repository.insertCall(tx, {
      ...input,
      openedById: actor.viewer.personId,
      isDemo,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_call.opened',
      entityType: 'network_call',
      entityId: call.id,
      requestId: actor.requestId,
      details: { networkId: input.networkId, budgetEuros: input.budgetEuros, deadline: input.deadline.toISOString() },
    });
    return call;
  });
}

export type CallAccess = {
  call: Call;
  networkName: string;
  isAnimator: boolean;
  isReviewer: boolean;
  /** The viewer's organisations that are members of the network and for which they may apply. */
  applyingOrganisations: { id: string; legalName: string }[];
};

/** A call the viewer may see, with what they may do on it; 404 for anyone else. */
export async function callFor(db: Database, viewer: Viewer, callId: string): Promise<CallAccess> {
  if (!isUuid(callId)) throw notFound();
  const found = await repository.findCall(db, callId);
  if (!found) throw notFound();
  const [isReviewer, applyingOrganisations] = await Promise.all([
    repository.isReviewer(db, callId, viewer.personId),
    repository.memberOrganisationsAmong(db, found.call.networkId, applyingOrganisationIds(viewer)),
  ]);
  const isAnimator = animatesNetwork(viewer, found.call.networkId);
  if (!isAnimator && !isReviewer && applyingOrganisations.length === 0) throw notFound();
  return { call: found.call, networkName: found.networkName, isAnimator, isReviewer, applyingOrganisations };
}

/** Everything the call page shows to this viewer, and nothing more. */
export async function callPage(db: Database, viewer: Viewer, callId: string) {
  const access = await callFor(db, viewer, callId);
  const ownApplications = await repository.applicationsOfOrganisations(
    db,
    callId,
    access.applyingOrganisations.map((organisation) => organisation.id),
  );
  const seesAll = access.isAnimator || access.isReviewer;
  const [sent, drafts, reviewers] = await Promise.all([
    seesAll ? repository.sentApplications(db, callId) : Promise.resolve([]),
    access.isAnimator ? repository.countDrafts(db, callId) : Promise.resolve(0),
    access.isAnimator ? repository.listReviewers(db, callId) : Promise.resolve([]),
  ]);
  return { ...access, ownApplications, sentApplications: sent, draftCount: drafts, reviewers };
}

function assertOpen(call: Call, now: Date) {
  if (call.decidedAt || isPastDeadline(call, now)) {
    throw new AppError('conflict', 'network.application.error.deadlinePassed', { form: 'network.application.error.deadlinePassed' });
  }
}

export async function startApplication(db: Database, actor: Actor, callId: string, organisationId: string) {
  const access = await callFor(db, actor.viewer, callId);
  if (!access.applyingOrganisations.some((organisation) => organisation.id === organisationId)) throw notFound();
  assertOpen(access.call, actor.now);
  return db.transaction(async (tx) => {
    const created = await repository.insertApplication(tx, {
      callId,
      organisationId,
      projectTitle: '',
      createdById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    if (!created) throw new AppError('conflict', 'network.application.error.exists');
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_application.started',
      entityType: 'network_application',
      entityId: created.id,
      organisationId,
      requestId: actor.requestId,
      details: { callId },
    });
    return created;
  });
}

export type ApplicationView = Awaited<ReturnType<typeof applicationFor>>;

/**
 * One application, for its organisation's staff, the call's animator or a reviewer once it is sent.
 * Anyone else (another applicant included) gets 404.
 */
export async function applicationFor(db: Database, viewer: Viewer, callId: string, applicationId: string) {
  if (!isUuid(applicationId)) throw notFound();
  const access = await callFor(db, viewer, callId);
  const found = await repository.findApplication(db, callId, applicationId);
  if (!found) throw notFound();
  const { application } = found;
  const isApplicant = access.applyingOrganisations.some((organisation) => organisation.id === application.organisationId);
  const isSent = application.status !== 'draft';
  if (!isApplicant && !(isSent && (access.isAnimator || access.isReviewer))) throw notFound();
  const [attachments, ownReview, reviewerOrganisations] = await Promise.all([
    repository.attachmentsOf(db, application.id),
    access.isReviewer ? repository.findReview(db, application.id, viewer.personId) : Promise.resolve(undefined),
    access.isReviewer ? repository.staffOrganisationIds(db, viewer.personId, reviewerRoles) : Promise.resolve([]),
  ]);
  return {
    ...access,
    application,
    organisationName: found.organisationName,
    attachments,
    isApplicant,
    isEditable: isApplicant && application.status === 'draft',
    ownReview,
    /** A reviewer from the applying organisation is in conflict without having to say so. */
    isOwnOrganisationForReviewer: reviewerOrganisations.includes(application.organisationId),
  };
}

/**
 * Saves a draft, or submits it. The deadline is the server's: an application saved or sent after it
 * is refused (409), whatever the page showed when it was opened.
 */
export async function saveApplication(
  deps: AppDependencies,
  actor: Actor,
  ids: { callId: string; applicationId: string },
  input: ApplicationInput,
  files: UploadedFile[],
  intent: 'draft' | 'submit',
  store: (key: string, bytes: Uint8Array) => Promise<void>,
) {
  const view = await applicationFor(deps.db, actor.viewer, ids.callId, ids.applicationId);
  if (!view.isApplicant) throw notFound();
  if (!view.isEditable)
    throw new AppError('conflict', 'network.application.error.alreadySubmitted', { form: 'network.application.error.alreadySubmitted' });
  assertOpen(view.call, actor.now);
  const fileFields = view.call.formFields.filter((field) => field.kind === 'file');
  const uploads = files.filter((file) => fileFields.some((field) => field.id === file.fieldId));
  const types = uploads.map((file) => checkedUpload(file, `answer-${file.fieldId}`));
  if (intent === 'submit') {
    const missing = fileFields.find(
      (field) =>
        field.isRequired &&
        !uploads.some((file) => file.fieldId === field.id) &&
        !view.attachments.some((attachment) => attachment.fieldId === field.id),
    );
    if (missing)
      throw new AppError('invalid_input', 'common.validation.required', { [`answer-${missing.id}`]: 'common.validation.required' });
  }
  const keys = uploads.map(() => `network-calls/${randomUUID()}`);
  await Promise.all(uploads.map((file, index) => store(keys[index]!, file.bytes)));
  return deps.db.transaction(async (tx) => {
    const isSubmission = intent === 'submit';
    const values = {
      ...input,
      updatedAt: actor.now,
      ...(isSubmission ? { status: 'submitted' as const, submittedAt: actor.now, submittedById: actor.viewer.personId } : {}),
    };
    if (!(await repository.updateApplication(tx, view.application.id, 'draft', values))) {
      throw new AppError('conflict', 'network.application.error.alreadySubmitted', { form: 'network.application.error.alreadySubmitted' });
    }
    for (const [index, file] of uploads.entries()) {
      await repository.upsertAttachment(tx, {
        applicationId: view.application.id,
        fieldId: file.fieldId,
        storageKey: keys[index]!,
        fileName: safeFileName(file.name),
        contentType: types[index]!,
        sizeBytes: file.bytes.byteLength,
        uploadedById: actor.viewer.personId,
        createdAt: actor.now,
      });
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: isSubmission ? 'network_application.submitted' : 'network_application.saved',
      entityType: 'network_application',
      entityId: view.application.id,
      organisationId: view.application.organisationId,
      requestId: actor.requestId,
      details: { callId: ids.callId, attachments: uploads.map((file) => file.fieldId) },
    });
  });
}

export async function attachmentFor(db: Database, viewer: Viewer, ids: { callId: string; applicationId: string; fieldId: string }) {
  const view = await applicationFor(db, viewer, ids.callId, ids.applicationId);
  const attachment = view.attachments.find((candidate) => candidate.fieldId === ids.fieldId);
  if (!attachment) throw notFound();
  return attachment;
}

async function managedCall(db: Database, viewer: Viewer, callId: string) {
  const access = await callFor(db, viewer, callId);
  if (!access.isAnimator) throw notFound();
  return access.call;
}

/** Names a reviewer: a staff member of one of the network's member organisations. */
export async function addReviewer(db: Database, actor: Actor, callId: string, email: string) {
  const call = await managedCall(db, actor.viewer, callId);
  const [candidate] = await repository.findNetworkStaffByEmail(db, call.networkId, email, reviewerRoles);
  if (!candidate) throw new AppError('invalid_input', 'network.reviewers.error.notStaff', { email: 'network.reviewers.error.notStaff' });
  await db.transaction(async (tx) => {
    if (!(await repository.insertReviewer(tx, callId, candidate.personId))) {
      throw new AppError('conflict', 'network.reviewers.error.already', { email: 'network.reviewers.error.already' });
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_call.reviewer_assigned',
      entityType: 'network_call',
      entityId: callId,
      requestId: actor.requestId,
      details: { reviewerId: candidate.personId },
    });
  });
}

async function reviewableApplication(db: Database, actor: Actor, callId: string, applicationId: string) {
  const view = await applicationFor(db, actor.viewer, callId, applicationId);
  if (!view.isReviewer || view.application.status === 'draft') throw notFound();
  if (view.call.decidedAt) throw new AppError('conflict', 'network.review.error.decided');
  return view;
}

export async function declareConflict(db: Database, actor: Actor, ids: { callId: string; applicationId: string }, reason: string) {
  const view = await reviewableApplication(db, actor, ids.callId, ids.applicationId);
  await db.transaction(async (tx) => {
    await repository.upsertReview(tx, {
      applicationId: view.application.id,
      reviewerId: actor.viewer.personId,
      hasConflict: true,
      conflictReason: reason,
      scores: {},
      comments: {},
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_review.conflict_declared',
      entityType: 'network_application',
      entityId: view.application.id,
      organisationId: view.application.organisationId,
      requestId: actor.requestId,
      details: { callId: ids.callId },
    });
  });
}

export async function scoreApplication(
  db: Database,
  actor: Actor,
  ids: { callId: string; applicationId: string },
  input: { scores: Record<string, number>; comments: Record<string, string> },
) {
  const view = await reviewableApplication(db, actor, ids.callId, ids.applicationId);
  if (view.ownReview?.hasConflict || view.isOwnOrganisationForReviewer) {
    throw new AppError('conflict', 'network.review.error.conflict', { form: 'network.review.error.conflict' });
  }
  await db.transaction(async (tx) => {
    await repository.upsertReview(tx, {
      applicationId: view.application.id,
      reviewerId: actor.viewer.personId,
      hasConflict: false,
      conflictReason: null,
      ...input,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_review.scored',
      entityType: 'network_application',
      entityId: view.application.id,
      organisationId: view.application.organisationId,
      requestId: actor.requestId,
      details: { callId: ids.callId, scores: input.scores },
    });
  });
}

/** A review's total on 10: the criteria scores averaged with their weights. */
export function weightedScore(criteria: CallCriterion[], scores: Record<string, number>): number {
  const totalWeight = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  return criteria.reduce((sum, criterion) => sum + criterion.weight * (scores[criterion.id] ?? 0), 0) / totalWeight;
}

export type RankedApplication = {
  application: Application;
  organisationName: string;
  score: number | null;
  reviewCount: number;
  conflictCount: number;
};

/** Sent applications, best mean weighted score first; those no one scored yet come last. */
export async function rankingOf(db: Database, viewer: Viewer, callId: string) {
  const call = await managedCall(db, viewer, callId);
  const [applications, reviews] = await Promise.all([repository.sentApplications(db, callId), repository.reviewsOfCall(db, callId)]);
  const ranked: RankedApplication[] = applications.map(({ application, organisationName }) => {
    const own = reviews.filter((review) => review.applicationId === application.id);
    const scored = own.filter((review) => !review.hasConflict);
    const score = scored.length
      ? scored.reduce((sum, review) => sum + weightedScore(call.criteria, review.scores), 0) / scored.length
      : null;
    return { application, organisationName, score, reviewCount: scored.length, conflictCount: own.length - scored.length };
  });
  ranked.sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  return { call, ranked };
}

const mailLanguage = (preferred: string): Language =>
  (staffLanguages as readonly string[]).includes(preferred) ? (preferred as Language) : 'en';

/**
 * Decides every sent application at once, after the deadline; the funded total may not exceed the
 * budget (409). Each applicant's submitter is told the outcome by email, through the outbox.
 */
export async function decideCall(deps: AppDependencies, actor: Actor, callId: string, decisions: DecisionInput) {
  const { call, ranked } = await rankingOf(deps.db, actor.viewer, callId);
  if (call.decidedAt) throw new AppError('conflict', 'network.decision.error.decided', { form: 'network.decision.error.decided' });
  if (!isPastDeadline(call, actor.now))
    throw new AppError('conflict', 'network.decision.error.stillOpen', { form: 'network.decision.error.stillOpen' });
  const total = decisions.reduce((sum, decision) => sum + (decision.awardedEuros ?? 0), 0);
  if (total > call.budgetEuros)
    throw new AppError('conflict', 'network.decision.error.overBudget', { form: 'network.decision.error.overBudget' });
  const submitters = await repository.findPeople(
    deps.db,
    ranked.map((row) => row.application.submittedById).filter((id): id is string => Boolean(id)),
  );
  await deps.db.transaction(async (tx) => {
    if (!(await repository.markCallDecided(tx, callId, actor.now)))
      throw new AppError('conflict', 'network.decision.error.decided', { form: 'network.decision.error.decided' });
    for (const decision of decisions) {
      const row = ranked.find((candidate) => candidate.application.id === decision.applicationId)!;
      await repository.updateApplication(tx, row.application.id, 'submitted', {
        status: decision.outcome,
        awardedEuros: decision.awardedEuros,
        updatedAt: actor.now,
      });
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: 'network_application.decided',
        entityType: 'network_application',
        entityId: row.application.id,
        organisationId: row.application.organisationId,
        requestId: actor.requestId,
        details: { callId, outcome: decision.outcome, awardedEuros: decision.awardedEuros, score: row.score },
      });
      const submitter = submitters.find((person) => person.id === row.application.submittedById);
      if (submitter?.email) await enqueueMail(tx, decisionMail(deps, call, row, decision, submitter), Boolean(deps.config.smtpUrl));
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'network_call.decided',
      entityType: 'network_call',
      entityId: callId,
      requestId: actor.requestId,
      details: { fundedEuros: total },
    });
  });
}

function decisionMail(
  deps: AppDependencies,
  call: Call,
  row: RankedApplication,
  decision: { outcome: CallDecisionOutcome; awardedEuros: number | null },
  submitter: { givenName: string; email: string | null; preferredLanguage: string },
) {
  const language = mailLanguage(submitter.preferredLanguage);
  const t = createTranslator(language);
  return {
    to: submitter.email!,
    language,
    idempotencyKey: `network-call-decision:${row.application.id}`,
    subject: t('network.mail.decision.subject', { call: call.title }),
    text: [
      t('network.mail.decision.greeting', { name: submitter.givenName }),
      t(`network.mail.decision.${decision.outcome}`, {
        call: call.title,
        project: row.application.projectTitle,
        organisation: row.organisationName,
        amount: formatNumber(language, decision.awardedEuros ?? 0),
      }),
      t('network.mail.decision.link', {
        link: `${deps.config.baseUrl}/calls/${call.id}/applications/${row.application.id}?lang=${language}`,
      }),
    ].join('\n\n'),
  };
}
