import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { sha256 } from '../security/tokens.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { formatDate } from '../../shared/format.js';
import { isLanguage, type Language } from '../../shared/i18n/languages.js';
import { pick } from '../learning/completion.js';
import { addDays, isoDay } from './timeline-instantiation.js';
import { unsubscribeUrl } from './calendar.service.js';
import * as repository from './timeline.repository.js';

/** A step is "due soon" this many days ahead; an overdue reminder goes out within a week of the due date. */
export const dueSoonDays = 3;
const overdueDays = 7;

type Candidate = repository.ReminderCandidate;
type Outcome = { stepReminders: number; digests: number; coachDigests: number };

const languageOf = (value: string): Language => (isLanguage(value) ? value : 'fr');
/** Without SMTP the outbox keeps messages for /dev/mail instead of sending them. */
const deliverable = (config: Config) => Boolean(config.smtpUrl);

/** ISO 8601 week of a day, e.g. 2026-W48: a coach digest goes out once per week. */
export function isoWeek(day: Date): string {
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function stepLine(config: Config, language: Language, candidate: Candidate) {
  const t = createTranslator(language);
  const title = pick(candidate.title, language).text;
  const when =
    candidate.rule === 'overdue'
      ? t('timeline.mail.wasDue', { date: formatDate(language, candidate.dueDate) })
      : t('timeline.mail.isDue', { date: formatDate(language, candidate.dueDate) });
  return `- ${title} (${candidate.participantName}) — ${when}\n  ${config.baseUrl}/mobilities/${candidate.mobilityId}/timeline/steps/${candidate.stepId}?lang=${language}`;
}

const footer = (config: Config, language: Language, personId: string) =>
  createTranslator(language)('timeline.mail.footer', {
    link: `${unsubscribeUrl(config, personId)}?lang=${language}`,
    settings: `${config.baseUrl}/calendar`,
  });

/**
 * Sends the due-soon and overdue reminders of one person. Each (rule, step, person) is claimed by
 * inserting its sent_reminders row in the same transaction as the outbox row: a second run, or a
 * second app instance at the same moment, claims nothing and sends nothing.
 */
async function remindPerson(db: Database, config: Config, candidates: Candidate[], now: Date): Promise<Outcome> {
  const first = candidates[0]!;
  const language = languageOf(first.language);
  const t = createTranslator(language);
  const outcome: Outcome = { stepReminders: 0, digests: 0, coachDigests: 0 };
  if (first.mode === 'digest') {
    await db.transaction(async (tx) => {
      const claimed: Candidate[] = [];
      for (const candidate of candidates)
        if (await repository.claimReminder(tx, candidate.rule, candidate.stepId, candidate.personId, now)) claimed.push(candidate);
      if (claimed.length === 0) return;
      const lines = claimed.map((candidate) => stepLine(config, language, candidate)).join('\n');
      await enqueueMail(
        tx,
        {
          to: first.email,
          language,
          subject: t('timeline.mail.digest.subject', { count: claimed.length }),
          text: `${t('timeline.mail.digest.body', { name: first.givenName, steps: lines })}\n\n${footer(config, language, first.personId)}`,
          idempotencyKey: `timeline-digest:${first.personId}:${sha256(claimed.map((candidate) => `${candidate.rule}:${candidate.stepId}`).join(','))}`,
        },
        deliverable(config),
      );
      outcome.digests += 1;
    });
    return outcome;
  }
  for (const candidate of candidates) {
    await db.transaction(async (tx) => {
      if (!(await repository.claimReminder(tx, candidate.rule, candidate.stepId, candidate.personId, now))) return;
      const title = pick(candidate.title, language).text;
      const subject =
        candidate.rule === 'overdue' ? t('timeline.mail.overdue.subject', { title }) : t('timeline.mail.dueSoon.subject', { title });
      const text = `${t('timeline.mail.step.body', { name: candidate.givenName, step: stepLine(config, language, candidate) })}\n\n${footer(config, language, candidate.personId)}`;
      await enqueueMail(
        tx,
        {
          to: candidate.email,
          language,
          subject,
          text,
          idempotencyKey: `timeline-reminder:${candidate.rule}:${candidate.stepId}:${candidate.personId}`,
        },
        deliverable(config),
      );
      outcome.stepReminders += 1;
    });
  }
  return outcome;
}

/** Once per ISO week, each coach with overdue or this-week steps gets one summary with a link to the board. */
async function sendCoachDigests(db: Database, config: Config, now: Date) {
  const today = isoDay(now);
  const week = isoWeek(now);
  let sent = 0;
  for (const coach of await repository.coachDigestFigures(db, today, addDays(today, 7))) {
    const language = languageOf(coach.language === 'fr' ? 'fr' : 'en');
    const t = createTranslator(language);
    await db.transaction(async (tx) => {
      if (!(await repository.claimReminder(tx, 'coach_digest', week, coach.personId, now))) return;
      const text = `${t('timeline.mail.coachDigest.body', { name: coach.givenName, overdue: coach.overdue, thisWeek: coach.thisWeek, link: `${config.baseUrl}/timeline/board` })}\n\n${footer(config, language, coach.personId)}`;
      await enqueueMail(
        tx,
        {
          to: coach.email,
          language,
          subject: t('timeline.mail.coachDigest.subject', { week }),
          text,
          idempotencyKey: `timeline-coach-digest:${week}:${coach.personId}`,
        },
        deliverable(config),
      );
      sent += 1;
    });
  }
  return sent;
}

/** The scheduler's reminder job: safe to run often and in several instances. */
export async function sendTimelineReminders(db: Database, config: Config, now: Date): Promise<Outcome> {
  const candidates = await repository.reminderCandidates(db, isoDay(now), dueSoonDays, overdueDays);
  const byPerson = new Map<string, Candidate[]>();
  for (const candidate of candidates) byPerson.set(candidate.personId, [...(byPerson.get(candidate.personId) ?? []), candidate]);
  const total: Outcome = { stepReminders: 0, digests: 0, coachDigests: 0 };
  for (const personCandidates of byPerson.values()) {
    const outcome = await remindPerson(db, config, personCandidates, now);
    total.stepReminders += outcome.stepReminders;
    total.digests += outcome.digests;
  }
  total.coachDigests = await sendCoachDigests(db, config, now);
  return total;
}
