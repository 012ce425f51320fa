import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Logger } from './logger.js';
import { pruneExpiredSessions } from './accounts/accounts.repository.js';
import { pruneExpiredWindows } from './security/rate-limit.js';
import { deliverDueMail, smtpSender } from './mail/mail-worker.js';
import { sendTimelineReminders } from './timeline/reminders.js';

export type ScheduledJob = { name: string; everySeconds: number; run: (now: Date) => Promise<unknown> };

/**
 * The in-app scheduler. Jobs must be safe to run in several instances at once (they claim work
 * with row locks); later capabilities add reminders and retention rules here.
 */
export function startScheduler({ config, db, logger }: { config: Config; db: Database; logger: Logger }) {
  const jobs: ScheduledJob[] = [
    {
      name: 'housekeeping',
      everySeconds: 3600,
      run: async (now) => {
        await pruneExpiredSessions(db, now);
        await pruneExpiredWindows(db, now);
      },
    },
    { name: 'timeline-reminders', everySeconds: 900, run: (now) => sendTimelineReminders(db, config, now) },
  ];
  if (config.smtpUrl) {
    const send = smtpSender(config.smtpUrl, `Passerelle <no-reply@${new URL(config.baseUrl).hostname}>`);
    jobs.push({ name: 'mail', everySeconds: 5, run: (now) => deliverDueMail(db, send, now, logger) });
  }
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      const run = job
        .run(new Date())
        .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'scheduled job failed'))
        .finally(() => running.delete(run));
      running.add(run);
    }, job.everySeconds * 1000),
  );
  timers.forEach((timer) => timer.unref());
  return {
    stop: () => timers.forEach(clearInterval),
    idle: async () => {
      await Promise.all(running);
    },
  };
}
