import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outboxMessages } from '../db/schema/index.js';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  language: string;
  /** One message per key, ever: reminders and notifications use it to never send twice. */
  idempotencyKey?: string;
};

export async function enqueueMail(db: Database, mail: OutgoingMail, deliverable: boolean): Promise<void> {
  await db
    .insert(outboxMessages)
    .values({
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      language: mail.language,
      idempotencyKey: mail.idempotencyKey ?? null,
      status: deliverable ? 'pending' : 'kept',
    })
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey });
}

export async function listRecentMail(db: Database, limit = 100) {
  return db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(limit);
}

export async function findMail(db: Database, id: string) {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return row;
}

export async function listMailTo(db: Database, address: string) {
  return db
    .select()
    .from(outboxMessages)
    .where(sql`lower(${outboxMessages.toAddress}) = ${address.toLowerCase()}`)
    .orderBy(desc(outboxMessages.createdAt));
}

/**
 * Claims due messages with FOR UPDATE SKIP LOCKED so two app instances never take the same one,
 * and pushes their next attempt forward as a lease while they are being sent.
 */
export async function claimDueMessages(db: Database, now: Date, batchSize: number, leaseSeconds: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.status, 'pending'), lte(outboxMessages.nextAttemptAt, now)))
      .orderBy(outboxMessages.nextAttemptAt)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outboxMessages)
      .set({ nextAttemptAt: new Date(now.getTime() + leaseSeconds * 1000), attempts: sql`${outboxMessages.attempts} + 1` })
      .where(inArray(outboxMessages.id, due.map((row) => row.id)))
      .returning();
  });
}

export async function markSent(db: Database, id: string, now: Date) {
  await db.update(outboxMessages).set({ status: 'sent', sentAt: now, lastError: null }).where(eq(outboxMessages.id, id));
}

export async function markAttemptFailed(db: Database, id: string, error: string, retryAt: Date | null) {
  await db
    .update(outboxMessages)
    .set(retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed' })
    .where(eq(outboxMessages.id, id));
}

export async function countPendingMail(db: Database): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outboxMessages)
    .where(eq(outboxMessages.status, 'pending'));
  return row?.count ?? 0;
}
