import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { hit, type RateLimitRule } from '../security/rate-limit.js';
import { randomToken, sha256 } from '../security/tokens.js';
import { mobilityFor } from '../mobilities/mobilities.service.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import type { SignerRole } from '../db/schema/index.js';
import { agreementVersionHash, type AgreementContent, type AgreementOutcome, type AgreementPerson } from './agreement-content.js';
import { agreementTransitions, editableStatuses } from './agreements.policy.js';
import type { AgreementForm } from './agreements.schema.js';
import { qualificationFor } from './qualifications.service.js';
import * as repository from './agreements.repository.js';

type MobilityView = Awaited<ReturnType<typeof mobilityFor>>;
/** How the app reaches people: links in mail point at baseUrl; mail is queued as kept when nothing delivers it. */
export type MailSettings = { baseUrl: string; isDeliverable: boolean };

export const signingLinkDays = 14;
/** Re-sending a link mails someone else: three times an hour per signature at most. */
export const resendRule: RateLimitRule = { name: 'agreement-resend', limit: 3, windowSeconds: 3600 };
/** Directive 94/33/EC: adolescents work at most 40 hours a week (FACTS.md). */
const minorMaximumHoursPerWeek = 40;

const fullName = (person: { givenName: string; familyName: string }) => `${person.givenName} ${person.familyName}`;
const fieldError = (field: string, key: string) => new AppError('invalid_input', key, { [field]: key });

async function readableAgreement(db: Database, actor: Actor, mobilityId: string) {
  const view = await mobilityFor(db, actor, mobilityId);
  if (view.relation !== 'manager' && view.relation !== 'reader') throw notFound();
  const agreement = await repository.findAgreementOfMobility(db, mobilityId);
  const versions = agreement ? await repository.versionsOf(db, agreement.id) : [];
  const current = versions.find((version) => version.version === agreement?.currentVersion);
  const signatures = current ? await repository.signaturesOf(db, current.id) : [];
  return { view, agreement, versions, current, signatures };
}

/** The agreement page: the mobility (visible to its school's staff), the agreement, its versions and signatures. */
export const agreementFor = readableAgreement;

async function managedAgreement(db: Database, actor: Actor, mobilityId: string) {
  const found = await readableAgreement(db, actor, mobilityId);
  if (!found.view.canManage) throw notFound();
  return found;
}

async function contactOf(db: Database, personId: string): Promise<AgreementPerson> {
  const person = await repository.personContact(db, personId);
  if (!person) throw notFound();
  return { name: fullName(person), email: person.email, phone: person.phone };
}

async function targetOutcomes(db: Database, actor: Actor, form: AgreementForm) {
  const free: AgreementOutcome[] = form.freeOutcomes
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => ({ key: `free-${index + 1}`, unitCode: null, kind: 'free', text: { fr: line, en: line }, criteria: [] }));
  if (!form.qualificationSlug) {
    if (form.outcomeKeys.length) throw fieldError('qualificationSlug', 'agreements.form.qualificationRequired');
    return { qualification: null, outcomes: free };
  }
  const { qualification, units } = await qualificationFor(db, actor, form.qualificationSlug);
  const picked: AgreementOutcome[] = units.flatMap((unit) =>
    unit.outcomes
      .filter((outcome) => form.outcomeKeys.includes(outcome.key))
      .map((outcome) => ({ key: outcome.key, unitCode: unit.code, kind: outcome.kind, text: outcome.text, criteria: outcome.criteria })),
  );
  if (picked.length !== form.outcomeKeys.length) throw fieldError('outcomeKeys', 'agreements.form.outcomeUnknown');
  return {
    qualification: {
      slug: qualification.slug,
      title: qualification.title,
      eqfLevel: qualification.eqfLevel,
      nationalCode: qualification.nationalCode,
    },
    outcomes: [...picked, ...free],
  };
}

const optionalPerson = (name: string, email: string, phone = ''): AgreementPerson | null =>
  name ? { name, email: email || null, phone: phone || null } : null;

/** The agreement's content: what the coach typed, and the rest taken from the mobility record as it is now. */
async function contentFrom(db: Database, actor: Actor, view: MobilityView, form: AgreementForm): Promise<AgreementContent> {
  const host = view.itineraries[0];
  if (!host) throw new AppError('conflict', 'agreements.form.hostMissing');
  if (view.isMinor && form.hoursPerWeek > minorMaximumHoursPerWeek) throw fieldError('hoursPerWeek', 'agreements.form.minorHours');
  const [sending, targets, guardians, accompanying] = await Promise.all([
    repository.organisationOf(db, view.mobility.sendingOrganisationId),
    targetOutcomes(db, actor, form),
    Promise.all(view.guardians.map((guardian) => contactOf(db, guardian.id))),
    repository.accompanyingPeopleOf(db, view.mobility.id),
  ]);
  return {
    learner: {
      name: fullName(view.participant),
      email: view.participant.email,
      phone: view.participant.phone,
      birthDate: view.participant.birthDate,
      isMinor: view.isMinor,
    },
    sendingOrganisation: { name: sending!.legalName, city: sending!.city, country: sending!.country, oid: sending!.oid },
    hostOrganisation: { name: host.hostName, city: host.itinerary.city, country: host.itinerary.country, oid: host.hostOid },
    tutor: view.tutor ? { name: fullName(view.tutor), email: view.tutor.email, phone: view.tutor.phone } : null,
    mentor: optionalPerson(form.mentorName, form.mentorEmail),
    startDate: form.startDate,
    endDate: form.endDate,
    hoursPerWeek: form.hoursPerWeek,
    tasks: form.tasks,
    qualification: targets.qualification,
    outcomes: targets.outcomes,
    assessment: form.assessment,
    recording: form.recording,
    recognition: form.recognition,
    recognitionDetails: form.recognitionDetails,
    language: form.language,
    cefrLevel: form.cefrLevel,
    insurance: form.insurance,
    inKindSupport: form.inKindSupport,
    administrativeContactSending: optionalPerson(form.adminSendingName, form.adminSendingEmail, form.adminSendingPhone),
    administrativeContactHost: optionalPerson(form.adminHostName, form.adminHostEmail, form.adminHostPhone),
    emergencyContacts: view.contacts.map((contact) => ({
      side: contact.side,
      name: contact.name,
      phone: contact.phone,
      relationship: contact.relationship,
    })),
    guardians: view.isMinor ? guardians : [],
    accompanyingPersons: accompanying.map((person) => ({ name: fullName(person), email: person.email, phone: person.phone })),
  };
}

/**
 * Saves the coach's form. No agreement yet: version 1 as a draft. A draft or amendment never sent:
 * changed in place. A signed agreement: a new version (amendment) that needs signing again, the
 * signed one staying as it was. A version out for signature, or a stale form: 409.
 */
export async function saveAgreement(db: Database, actor: Actor, mobilityId: string, form: AgreementForm) {
  const { view, agreement, current } = await managedAgreement(db, actor, mobilityId);
  const content = await contentFrom(db, actor, view, form);
  const audit = (tx: Database, action: string, agreementId: string, version: number) =>
    recordAudit(tx, {
      actorId: actor.viewer.personId,
      action,
      entityType: 'learning_agreement',
      entityId: agreementId,
      organisationId: view.mobility.sendingOrganisationId,
      requestId: actor.requestId,
      details: { version },
    });
  if ((agreement?.currentVersion ?? 0) !== form.baseVersion) throw new AppError('conflict', 'agreements.stale');
  return db.transaction(async (tx) => {
    if (!agreement || !current) {
      const created = await repository.insertAgreement(tx, {
        mobilityId,
        status: 'draft',
        currentVersion: 1,
        createdAt: actor.now,
        updatedAt: actor.now,
      });
      await repository.insertVersion(tx, {
        agreementId: created.id,
        version: 1,
        content,
        contentHash: agreementVersionHash(created.id, 1, content),
        createdById: actor.viewer.personId,
        createdAt: actor.now,
        updatedAt: actor.now,
      });
      await audit(tx, 'agreement.created', created.id, 1);
      return 1;
    }
    if ((editableStatuses as readonly string[]).includes(agreement.status)) {
      const hash = agreementVersionHash(agreement.id, current.version, content);
      if (!(await repository.updateUnsentVersion(tx, current.id, { content, contentHash: hash, updatedAt: actor.now })))
        throw new AppError('conflict', 'agreements.versionFrozen');
      await audit(tx, 'agreement.updated', agreement.id, current.version);
      return current.version;
    }
    if (agreement.status !== 'signed') throw new AppError('conflict', 'agreements.versionFrozen');
    const version = current.version + 1;
    const moved = await repository.moveAgreement(
      tx,
      agreement.id,
      { status: agreementTransitions.amend.from, version: current.version },
      { status: agreementTransitions.amend.to, version, now: actor.now },
    );
    if (!moved) throw new AppError('conflict', 'agreements.stale');
    await repository.insertVersion(tx, {
      agreementId: agreement.id,
      version,
      content,
      contentHash: agreementVersionHash(agreement.id, version, content),
      createdById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await audit(tx, 'agreement.amended', agreement.id, version);
    return version;
  });
}

type Signer = { role: SignerRole; personId: string; name: string; email: string | null; language: string };

/** Who signs: the learner, each guardian of a minor, the sending coach (the one who sends) and the host tutor. */
async function signersOf(db: Database, actor: Actor, view: MobilityView): Promise<Signer[]> {
  const person = async (role: SignerRole, personId: string): Promise<Signer> => {
    const found = await repository.personContact(db, personId);
    return { role, personId, name: fullName(found!), email: found!.email, language: found!.preferredLanguage };
  };
  if (!view.mobility.tutorId) throw new AppError('conflict', 'agreements.send.tutorMissing');
  if (view.isMinor && view.guardians.length === 0) throw new AppError('conflict', 'agreements.send.guardianMissing');
  const signers = [
    await person('learner', view.mobility.participantId),
    ...(view.isMinor ? await Promise.all(view.guardians.map((guardian) => person('guardian', guardian.id))) : []),
    await person('sending_coach', actor.viewer.personId),
    await person('host_tutor', view.mobility.tutorId),
  ];
  if (signers.some((signer) => !signer.email)) throw new AppError('conflict', 'agreements.send.emailMissing');
  return signers;
}

const mailLanguage = (language: string): Language => (isLanguage(language) ? language : 'en');

/** A fresh single-use link for one signature, mailed in the signer's language; only its hash is stored. */
async function issueLink(
  db: Database,
  signature: { id: string; email: string; language: string; signerName: string },
  learnerName: string,
  mail: MailSettings,
  now: Date,
) {
  const token = randomToken();
  await repository.insertLink(db, {
    tokenHash: sha256(token),
    signatureId: signature.id,
    expiresAt: new Date(now.getTime() + signingLinkDays * 86_400_000),
    now,
  });
  const language = mailLanguage(signature.language);
  const t = createTranslator(language);
  await enqueueMail(
    db,
    {
      to: signature.email,
      language,
      subject: t('signing.mail.subject', { learner: learnerName }),
      text: t('signing.mail.body', {
        name: signature.signerName,
        learner: learnerName,
        link: `${mail.baseUrl}/sign/${token}?lang=${language}`,
        days: signingLinkDays,
      }),
    },
    mail.isDeliverable,
  );
  await repository.recordSent(db, signature.id, now);
}

export async function sendForSignature(db: Database, actor: Actor, mobilityId: string, mail: MailSettings) {
  const { view, agreement, current } = await managedAgreement(db, actor, mobilityId);
  const rule = agreementTransitions.sendForSignature;
  if (!agreement || !current || !(rule.from as readonly string[]).includes(agreement.status))
    throw new AppError('conflict', 'agreements.wrongState');
  const signers = await signersOf(db, actor, view);
  await db.transaction(async (tx) => {
    if (
      !(await repository.moveAgreement(
        tx,
        agreement.id,
        { status: rule.from, version: current.version },
        { status: rule.to, now: actor.now },
      ))
    )
      throw new AppError('conflict', 'agreements.stale');
    await repository.markVersion(tx, current.id, { sentAt: actor.now });
    for (const signer of signers) {
      const signature = await repository.insertSignature(tx, {
        versionId: current.id,
        role: signer.role,
        personId: signer.personId,
        signerName: signer.name,
        email: signer.email!,
        language: signer.language,
        createdAt: actor.now,
      });
      await issueLink(tx, signature, current.content.learner.name, mail, actor.now);
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'agreement.sent_for_signature',
      entityType: 'learning_agreement',
      entityId: agreement.id,
      organisationId: view.mobility.sendingOrganisationId,
      requestId: actor.requestId,
      details: { version: current.version, signers: signers.map((signer) => signer.role) },
    });
  });
}

/** The coach re-sends a link to someone who has not signed yet; the previous link stops working. */
export async function resendSignatureLink(db: Database, actor: Actor, mobilityId: string, signatureId: string, mail: MailSettings) {
  const { view, agreement, current, signatures } = await managedAgreement(db, actor, mobilityId);
  const signature = signatures.find((candidate) => candidate.id === signatureId);
  if (!agreement || !current || !signature) throw notFound();
  if (agreement.status !== 'sent_for_signature' || signature.signedAt) throw new AppError('conflict', 'agreements.wrongState');
  if ((await hit(db, resendRule, signature.id, actor.now)) > resendRule.limit) throw new AppError('rate_limited');
  await db.transaction(async (tx) => {
    await issueLink(tx, signature, current.content.learner.name, mail, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'agreement.signature_link_resent',
      entityType: 'agreement_signature',
      entityId: signature.id,
      organisationId: view.mobility.sendingOrganisationId,
      requestId: actor.requestId,
      details: { role: signature.role },
    });
  });
}

export type GoneReason = 'used' | 'expired' | 'replaced' | 'superseded';
type LinkRecord = NonNullable<Awaited<ReturnType<typeof repository.findLink>>>;
export type SigningLink = { isUsable: true; found: LinkRecord; tokenHash: string } | { isUsable: false; reason: GoneReason };

/** A forged or unknown token is 404; a real one that can no longer be used says why (the page answers 410). */
export async function signingLinkFor(db: Database, token: string, now: Date): Promise<SigningLink> {
  if (!/^[A-Za-z0-9_-]{30,100}$/.test(token)) throw notFound();
  const tokenHash = sha256(token);
  const found = await repository.findLink(db, tokenHash);
  if (!found) throw notFound();
  if (found.link.usedAt || found.signature.signedAt) return { isUsable: false, reason: 'used' };
  if (found.link.replacedAt) return { isUsable: false, reason: 'replaced' };
  if (found.link.expiresAt.getTime() <= now.getTime()) return { isUsable: false, reason: 'expired' };
  if (found.agreement.status !== 'sent_for_signature' || found.agreement.currentVersion !== found.version.version)
    return { isUsable: false, reason: 'superseded' };
  return { isUsable: true, found, tokenHash };
}

/** Opening a minor's agreement from a link is a read of a minor's personal data: audited. */
export async function auditLinkView(db: Database, found: LinkRecord, requestId: string) {
  if (!found.version.content.learner.isMinor) return;
  await recordAudit(db, {
    actorId: found.signature.personId,
    action: 'agreement.minor_data_viewed_by_link',
    entityType: 'agreement_version',
    entityId: found.version.id,
    organisationId: found.mobility.sendingOrganisationId,
    requestId,
    details: { role: found.signature.role },
  });
}

export type SigningRequest = { typedName: string; ipAddress: string; userAgent: string; requestId: string; now: Date };

/**
 * Records one signature on the exact version hash, uses up the link, and when it was the last one
 * moves the agreement to signed — all in one transaction.
 */
export async function signByLink(db: Database, token: string, request: SigningRequest): Promise<SigningLink> {
  const link = await signingLinkFor(db, token, request.now);
  if (!link.isUsable) return link;
  const { found } = link;
  // The stored hash must still describe the stored content: a row changed behind the app is never signed.
  if (agreementVersionHash(found.agreement.id, found.version.version, found.version.content) !== found.version.contentHash)
    throw new AppError('internal', 'agreement content does not match its hash');
  return db.transaction(async (tx) => {
    if (!(await repository.useLink(tx, link.tokenHash, request.now))) return { isUsable: false, reason: 'used' } as const;
    const stored = await repository.completeSignature(tx, found.signature.id, {
      signedAt: request.now,
      typedName: request.typedName,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent.slice(0, 500),
      signedContentHash: found.version.contentHash,
    });
    if (!stored) return { isUsable: false, reason: 'used' } as const;
    const audit = {
      entityType: 'agreement_version',
      entityId: found.version.id,
      organisationId: found.mobility.sendingOrganisationId,
      requestId: request.requestId,
    };
    await recordAudit(tx, {
      ...audit,
      actorId: found.signature.personId,
      action: 'agreement.signed',
      details: { role: found.signature.role, hash: found.version.contentHash },
    });
    const remaining = (await repository.signaturesOf(tx, found.version.id)).filter((signature) => !signature.signedAt);
    if (remaining.length === 0) {
      const rule = agreementTransitions.completeSignatures;
      if (
        !(await repository.moveAgreement(
          tx,
          found.agreement.id,
          { status: rule.from, version: found.version.version },
          { status: rule.to, now: request.now },
        ))
      )
        throw new AppError('conflict', 'agreements.stale');
      await repository.markVersion(tx, found.version.id, { signedAt: request.now });
      await recordAudit(tx, { ...audit, actorId: null, action: 'agreement.signed_by_all', details: { version: found.version.version } });
    }
    return link;
  });
}
