import { createHmac, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { safeEqual, sha256 } from '../security/tokens.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import { pick } from '../learning/completion.js';
import { addDays } from './timeline-instantiation.js';
import * as repository from './timeline.repository.js';

/** A secret derived from the server's: the database alone never holds a usable feed or unsubscribe link. */
const derivedToken = (config: Config, purpose: string, value: string) =>
  createHmac('sha256', config.sessionSecret).update(`${purpose}:${value}`).digest('base64url');

export const calendarUrl = (config: Config, token: string) => `${config.baseUrl}/calendar/${token}.ics`;

/** The viewer's feed URL, or null when they have none (never created, or revoked). */
export async function ownCalendarFeed(db: Database, config: Config, personId: string) {
  const feed = await repository.findCalendarFeed(db, personId);
  return feed ? calendarUrl(config, derivedToken(config, 'calendar', feed.nonce)) : null;
}

/** Creates the feed or replaces its URL: the old URL stops working at once. */
export async function regenerateCalendarFeed(db: Database, config: Config, actor: Actor) {
  const nonce = randomBytes(16).toString('hex');
  const token = derivedToken(config, 'calendar', nonce);
  await db.transaction(async (tx) => {
    await repository.saveCalendarFeed(tx, { personId: actor.viewer.personId, nonce, tokenHash: sha256(token), createdAt: actor.now });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'calendar_feed.generated',
      entityType: 'person',
      entityId: actor.viewer.personId,
      requestId: actor.requestId,
    });
  });
}

export async function revokeCalendarFeed(db: Database, actor: Actor) {
  await db.transaction(async (tx) => {
    const removed = await repository.deleteCalendarFeed(tx, actor.viewer.personId);
    if (removed.length)
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: 'calendar_feed.revoked',
        entityType: 'person',
        entityId: actor.viewer.personId,
        requestId: actor.requestId,
      });
  });
}

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * The ICS text of a feed token (404 for an unknown or revoked one): the person's steps and the dates of
 * the mobilities they follow, as all-day events in their language. UIDs are the step and mobility ids,
 * so they stay the same however often the feed is fetched or its URL regenerated.
 */
export async function calendarForToken(db: Database, config: Config, token: string, now: Date): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
  const feed = await repository.findCalendarFeedByTokenHash(db, sha256(token));
  if (!feed || feed.deactivatedAt) throw notFound();
  const language: Language = isLanguage(feed.language) ? feed.language : 'fr';
  const t = createTranslator(language);
  const host = new URL(config.baseUrl).hostname;
  const [steps, mobilityDates] = await Promise.all([
    repository.assignedSteps(db, feed.personId, { openOnly: false, limit: 2000 }),
    repository.mobilityDatesOf(db, feed.personId),
  ]);
  const calendar = ical({
    name: t('timeline.calendar.name'),
    prodId: { company: 'Passerelle', product: 'timeline', language: language.toUpperCase() },
  });
  for (const mobility of mobilityDates) {
    calendar.createEvent({
      id: `mobility-${mobility.id}@${host}`,
      allDay: true,
      start: utcDay(mobility.startDate),
      end: utcDay(addDays(mobility.endDate, 1)),
      stamp: new Date(mobility.updatedAt),
      summary: t('timeline.calendar.mobility', { name: `${mobility.givenName} ${mobility.familyName}`, city: mobility.city ?? '' }),
      url: `${config.baseUrl}/mobilities/${mobility.id}/timeline`,
    });
  }
  for (const step of steps) {
    const title = pick(step.title, language).text;
    const status =
      step.status === 'todo'
        ? step.dueDate < now.toISOString().slice(0, 10)
          ? t('timeline.status.overdue')
          : t('timeline.status.todo')
        : t(`timeline.status.${step.status}`);
    calendar.createEvent({
      id: `step-${step.stepId}@${host}`,
      allDay: true,
      start: utcDay(step.dueDate),
      end: utcDay(addDays(step.dueDate, 1)),
      stamp: step.updatedAt,
      summary: `${title} — ${step.participantGivenName} ${step.participantFamilyName}`,
      description: `${status} · ${t(`timeline.role.${step.role as 'coach'}`)}`,
      url: `${config.baseUrl}/mobilities/${step.mobilityId}/timeline/steps/${step.stepId}`,
    });
  }
  return calendar.toString();
}

// ---- reminder preferences and the link to stop them -------------------------------------------------

export const unsubscribeUrl = (config: Config, personId: string) =>
  `${config.baseUrl}/reminders/unsubscribe/${personId}/${derivedToken(config, 'unsubscribe', personId)}`;

export function isUnsubscribeToken(config: Config, personId: string, token: string) {
  return /^[0-9a-f-]{36}$/i.test(personId) && safeEqual(token, derivedToken(config, 'unsubscribe', personId));
}

/** Stops every reminder to a person from the link in an email, without signing in. */
export async function unsubscribe(db: Database, config: Config, personId: string, token: string, now: Date, requestId: string) {
  if (!isUnsubscribeToken(config, personId, token) || !(await repository.personForMail(db, personId))) throw notFound();
  await db.transaction(async (tx) => {
    await repository.saveReminderPreference(tx, personId, { unsubscribedAt: now }, now);
    await recordAudit(tx, {
      actorId: null,
      action: 'reminders.unsubscribed',
      entityType: 'person',
      entityId: personId,
      requestId,
      details: { by: 'email_link' },
    });
  });
}

export async function reminderPreferenceOf(db: Database, personId: string) {
  const row = await repository.findReminderPreference(db, personId);
  return { mode: row?.mode ?? 'immediate', isUnsubscribed: Boolean(row?.unsubscribedAt) };
}

/** Saving a preference from the signed-in page also resubscribes. */
export async function saveReminderPreference(db: Database, actor: Actor, mode: 'immediate' | 'digest') {
  await db.transaction(async (tx) => {
    await repository.saveReminderPreference(tx, actor.viewer.personId, { mode, unsubscribedAt: null }, actor.now);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'reminders.preference_saved',
      entityType: 'person',
      entityId: actor.viewer.personId,
      requestId: actor.requestId,
      details: { mode },
    });
  });
}
