import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { claimDueMessages, markAttemptFailed, markSent } from './outbox.repository.js';

const maximumAttempts = 8;
const leaseSeconds = 120;

/** 1 min, 2, 4 … capped at 6 h between attempts. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(60 * 2 ** (attempt - 1), 6 * 3600);
}

export type MailSender = (message: { to: string; subject: string; text: string }) => Promise<void>;

export function smtpSender(smtpUrl: string, from: string): MailSender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return async (message) => {
    await transport.sendMail({ from, ...message });
  };
}

/** Delivers what is due; returns how many were sent. Safe to run in several instances at once. */
export async function deliverDueMail(
  db: Database,
  send: MailSender,
  now: Date,
  logger: Logger,
  batchSize = 20,
): Promise<number> {
  const claimed = await claimDueMessages(db, now, batchSize, leaseSeconds);
  let sent = 0;
  for (const message of claimed) {
    try {
      await send({ to: message.toAddress, subject: message.subject, text: message.textBody });
      await markSent(db, message.id, new Date());
      sent += 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryAt =
        message.attempts < maximumAttempts
          ? new Date(now.getTime() + retryDelaySeconds(message.attempts) * 1000)
          : null;
      await markAttemptFailed(db, message.id, reason, retryAt);
      logger.warn({ messageId: message.id, attempts: message.attempts, reason }, 'mail delivery failed');
    }
  }
  return sent;
}
