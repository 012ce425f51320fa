import type { AppDependencies } from '../http/context.js';
import type { Database } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { randomToken, sha256 } from '../security/tokens.js';
import { hit, isLimited, rateLimitRules } from '../security/rate-limit.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import * as repository from './accounts.repository.js';
import { loadSessionViewer } from './viewer.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';

export const sessionIdleMinutes = 8 * 60;
export const sessionLifetimeDays = 30;
const magicLinkMinutes = 30;
const passwordResetMinutes = 60;

type RequestMeta = { ipAddress: string; userAgent: string | undefined; requestId: string };

const languageOr = (value: string | null | undefined, fallback: Language): Language =>
  isLanguage(value) ? value : fallback;

/** Creates a server-side session and returns the cookie token; only its hash is stored. */
export async function startSession(
  db: Database,
  personId: string,
  method: 'password' | 'magic_link' | 'invitation' | 'setup',
  meta: RequestMeta,
  now: Date,
): Promise<string> {
  const token = randomToken();
  await db.transaction(async (tx) => {
    await repository.insertSession(tx, {
      id: sha256(token),
      personId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionLifetimeDays * 86_400_000),
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      signInMethod: method,
    });
    await recordAudit(tx, {
      actorId: personId,
      action: 'session.started',
      entityType: 'person',
      entityId: personId,
      requestId: meta.requestId,
      details: { method },
    });
  });
  return token;
}

/**
 * Returns the session and its viewer for a cookie token, or null when unknown, expired, idle too
 * long, or when the person was deactivated.
 */
export async function resolveSession(db: Database, token: string, now: Date) {
  const id = sha256(token);
  const session = await loadSessionViewer(db, id);
  if (!session) return null;
  const idleLimit = new Date(session.lastSeenAt.getTime() + sessionIdleMinutes * 60_000);
  if (session.expiresAt <= now || idleLimit <= now) {
    await repository.deleteSession(db, id);
    return null;
  }
  // Writing on every request would cost a write per page view; a five-minute resolution is enough.
  if (now.getTime() - session.lastSeenAt.getTime() > 5 * 60_000) await repository.touchSession(db, id, now);
  return { id, viewer: session.viewer };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await repository.deleteSession(db, sha256(token));
}

export async function signInWithPassword(
  deps: AppDependencies,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<string> {
  const now = deps.now();
  const email = repository.normaliseEmail(input.email);
  const limitedByAccount = await isLimited(deps.db, rateLimitRules.signInPerAccount, email, now);
  const limitedByAddress = await isLimited(deps.db, rateLimitRules.signInPerAddress, meta.ipAddress, now);
  if (limitedByAccount || limitedByAddress) throw new AppError('rate_limited');

  const found = await repository.findPersonByEmail(deps.db, email);
  const isValid =
    found?.passwordHash && !found.person.deactivatedAt
      ? await verifyPassword(found.passwordHash, input.password)
      : (await burnPasswordCheck(input.password), false);
  if (!isValid || !found) {
    await hit(deps.db, rateLimitRules.signInPerAccount, email, now);
    await hit(deps.db, rateLimitRules.signInPerAddress, meta.ipAddress, now);
    throw new AppError('invalid_input', 'auth.login.failed');
  }
  return startSession(deps.db, found.person.id, 'password', meta, now);
}

async function rateLimitEmailLink(deps: AppDependencies, email: string, ipAddress: string, now: Date) {
  const limited =
    (await hit(deps.db, rateLimitRules.emailLinkPerAddress, ipAddress, now)) > rateLimitRules.emailLinkPerAddress.limit ||
    (await hit(deps.db, rateLimitRules.emailLinkPerEmail, email, now)) > rateLimitRules.emailLinkPerEmail.limit;
  if (limited) throw new AppError('rate_limited');
}

/**
 * Sends a reset link when the email belongs to an active account. The caller shows the same
 * message either way, so the answer never reveals whether an email is registered.
 */
export async function requestPasswordReset(
  deps: AppDependencies,
  emailInput: string,
  pageLanguage: Language,
  meta: RequestMeta,
): Promise<void> {
  const now = deps.now();
  const email = repository.normaliseEmail(emailInput);
  await rateLimitEmailLink(deps, email, meta.ipAddress, now);
  const found = await repository.findPersonByEmail(deps.db, email);
  if (!found?.passwordHash || found.person.deactivatedAt || !found.person.email) return;
  const token = randomToken();
  const language = languageOr(found.person.preferredLanguage, pageLanguage);
  const t = createTranslator(language);
  await deps.db.transaction(async (tx) => {
    await repository.insertOneTimeToken(tx, {
      tokenHash: sha256(token),
      purpose: 'password_reset',
      personId: found.person.id,
      expiresAt: new Date(now.getTime() + passwordResetMinutes * 60_000),
    });
    await enqueueMail(
      tx,
      {
        to: found.person.email!,
        language,
        subject: t('mail.reset.subject'),
        text: t('mail.reset.body', {
          name: found.person.givenName,
          link: `${deps.config.baseUrl}/password/reset/${token}`,
          minutes: passwordResetMinutes,
        }),
      },
      Boolean(deps.config.smtpUrl),
    );
    await recordAudit(tx, {
      actorId: found.person.id,
      action: 'password.reset_requested',
      entityType: 'person',
      entityId: found.person.id,
      requestId: meta.requestId,
    });
  });
}

export async function checkPasswordResetToken(deps: AppDependencies, token: string) {
  const row = await repository.findOneTimeToken(deps.db, sha256(token));
  if (!row || row.purpose !== 'password_reset') throw new AppError('not_found');
  if (row.usedAt || row.expiresAt <= deps.now()) throw new AppError('gone');
}

export async function resetPassword(deps: AppDependencies, token: string, password: string, meta: RequestMeta) {
  await checkPasswordResetToken(deps, token);
  const passwordHash = await hashPassword(password);
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const consumed = await repository.consumeOneTimeToken(tx, sha256(token), 'password_reset', now);
    if (!consumed) throw new AppError('gone');
    await repository.setPassword(tx, consumed.personId, passwordHash, now);
    await repository.deleteSessionsOf(tx, consumed.personId);
    await recordAudit(tx, {
      actorId: consumed.personId,
      action: 'password.reset',
      entityType: 'person',
      entityId: consumed.personId,
      requestId: meta.requestId,
    });
  });
}

/** Magic links sign in people who will never set a password: host tutors, guardians, families. */
export async function requestMagicLink(
  deps: AppDependencies,
  emailInput: string,
  pageLanguage: Language,
  meta: RequestMeta,
): Promise<void> {
  const now = deps.now();
  const email = repository.normaliseEmail(emailInput);
  await rateLimitEmailLink(deps, email, meta.ipAddress, now);
  const found = await repository.findPersonByEmail(deps.db, email);
  if (!found || found.person.deactivatedAt || !found.person.email) return;
  await issueMagicLink(deps, found.person, pageLanguage, meta.requestId);
}

export async function issueMagicLink(
  deps: AppDependencies,
  person: { id: string; email: string | null; givenName: string; preferredLanguage: string },
  fallbackLanguage: Language,
  requestId: string,
): Promise<string> {
  if (!person.email) throw new AppError('invalid_input', 'auth.magic.noEmail');
  const now = deps.now();
  const token = randomToken();
  const language = languageOr(person.preferredLanguage, fallbackLanguage);
  const t = createTranslator(language);
  await deps.db.transaction(async (tx) => {
    await repository.insertOneTimeToken(tx, {
      tokenHash: sha256(token),
      purpose: 'magic_link',
      personId: person.id,
      expiresAt: new Date(now.getTime() + magicLinkMinutes * 60_000),
    });
    await enqueueMail(
      tx,
      {
        to: person.email!,
        language,
        subject: t('mail.magic.subject'),
        text: t('mail.magic.body', {
          name: person.givenName,
          link: `${deps.config.baseUrl}/magic/${token}?lang=${language}`,
          minutes: magicLinkMinutes,
        }),
      },
      Boolean(deps.config.smtpUrl),
    );
    await recordAudit(tx, {
      actorId: null,
      action: 'magic_link.sent',
      entityType: 'person',
      entityId: person.id,
      requestId,
    });
  });
  return token;
}

export async function describeMagicLink(deps: AppDependencies, token: string) {
  const row = await repository.findOneTimeToken(deps.db, sha256(token));
  if (!row || row.purpose !== 'magic_link') throw new AppError('not_found');
  if (row.usedAt || row.expiresAt <= deps.now()) throw new AppError('gone');
  const person = await repository.findPersonById(deps.db, row.personId);
  if (!person || person.deactivatedAt) throw new AppError('not_found');
  return person;
}

export async function signInWithMagicLink(deps: AppDependencies, token: string, meta: RequestMeta): Promise<string> {
  await describeMagicLink(deps, token);
  const now = deps.now();
  const consumed = await repository.consumeOneTimeToken(deps.db, sha256(token), 'magic_link', now);
  if (!consumed) throw new AppError('gone');
  return startSession(deps.db, consumed.personId, 'magic_link', meta, now);
}

export async function changePassword(
  deps: AppDependencies,
  personId: string,
  currentPassword: string,
  newPassword: string,
  currentSessionId: string | null,
  requestId: string,
) {
  const existing = await repository.getPasswordHash(deps.db, personId);
  if (existing && !(await verifyPassword(existing, currentPassword))) {
    throw new AppError('invalid_input', 'account.password.wrongCurrent', {
      currentPassword: 'account.password.wrongCurrent',
    });
  }
  const passwordHash = await hashPassword(newPassword);
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    await repository.setPassword(tx, personId, passwordHash, now);
    await repository.deleteSessionsOf(tx, personId, currentSessionId ?? undefined);
    await recordAudit(tx, { actorId: personId, action: 'password.changed', entityType: 'person', entityId: personId, requestId });
  });
}
