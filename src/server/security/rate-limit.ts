import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rateLimits } from '../db/schema/index.js';

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const rateLimitRules = {
  signInPerAccount: { name: 'sign-in-account', limit: 5, windowSeconds: 15 * 60 },
  signInPerAddress: { name: 'sign-in-ip', limit: 30, windowSeconds: 15 * 60 },
  emailLinkPerAddress: { name: 'email-link-ip', limit: 10, windowSeconds: 15 * 60 },
  emailLinkPerEmail: { name: 'email-link-email', limit: 3, windowSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule>;

function windowStartOf(rule: RateLimitRule, now: Date): Date {
  const windowMs = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/**
 * Counts one hit in the current fixed window and returns the new count. Kept in the database so every
 * app instance shares the same counters.
 */
export async function hit(db: Database, rule: RateLimitRule, subject: string, now: Date): Promise<number> {
  const rows = await db
    .insert(rateLimits)
    .values({ key: `${rule.name}:${subject}`, windowStart: windowStartOf(rule, now), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  return rows[0]!.count;
}

export async function currentCount(db: Database, rule: RateLimitRule, subject: string, now: Date): Promise<number> {
  const rows = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(
      sql`${rateLimits.key} = ${`${rule.name}:${subject}`} and ${rateLimits.windowStart} = ${windowStartOf(rule, now)}`,
    );
  return rows[0]?.count ?? 0;
}

export async function isLimited(db: Database, rule: RateLimitRule, subject: string, now: Date): Promise<boolean> {
  return (await currentCount(db, rule, subject, now)) >= rule.limit;
}

export async function pruneExpiredWindows(db: Database, now: Date): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${new Date(now.getTime() - 86_400_000)}`);
}
