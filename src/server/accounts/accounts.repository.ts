import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  accounts,
  apiTokens,
  guardianships,
  invitations,
  memberships,
  oneTimeTokens,
  organisations,
  people,
  sessions,
} from '../db/schema/index.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findPersonByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ person: people, passwordHash: accounts.passwordHash })
    .from(people)
    .leftJoin(accounts, eq(accounts.personId, people.id))
    .where(sql`lower(${people.email}) = ${normaliseEmail(email)}`);
  return row;
}

export async function findPersonById(db: Database, personId: string) {
  const [row] = await db.select().from(people).where(eq(people.id, personId));
  return row;
}

export async function insertSession(
  db: Database,
  values: typeof sessions.$inferInsert,
): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function touchSession(db: Database, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Database, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionOf(db: Database, personId: string, id: string) {
  return db
    .delete(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.personId, personId)))
    .returning({ id: sessions.id });
}

export async function deleteSessionsOf(db: Database, personId: string, exceptId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptId ? and(eq(sessions.personId, personId), sql`${sessions.id} <> ${exceptId}`) : eq(sessions.personId, personId));
}

export async function listSessionsOf(db: Database, personId: string) {
  return db.select().from(sessions).where(eq(sessions.personId, personId)).orderBy(desc(sessions.lastSeenAt));
}

export async function pruneExpiredSessions(db: Database, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function setPassword(db: Database, personId: string, passwordHash: string, now: Date) {
  await db
    .insert(accounts)
    .values({ personId, passwordHash, passwordChangedAt: now })
    .onConflictDoUpdate({ target: accounts.personId, set: { passwordHash, passwordChangedAt: now } });
}

export async function getPasswordHash(db: Database, personId: string) {
  const [row] = await db.select({ hash: accounts.passwordHash }).from(accounts).where(eq(accounts.personId, personId));
  return row?.hash;
}

export async function insertOneTimeToken(db: Database, values: typeof oneTimeTokens.$inferInsert) {
  await db.insert(oneTimeTokens).values(values);
}

/** Marks a valid token used and returns it; a used, expired or unknown token returns undefined. */
export async function consumeOneTimeToken(
  db: Database,
  tokenHash: string,
  purpose: 'magic_link' | 'password_reset',
  now: Date,
) {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

export async function findOneTimeToken(db: Database, tokenHash: string) {
  const [row] = await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.tokenHash, tokenHash));
  return row;
}

export async function updatePerson(db: Database, personId: string, values: Partial<typeof people.$inferInsert>) {
  await db.update(people).set(values).where(eq(people.id, personId));
}

export async function insertPerson(db: Database, values: typeof people.$inferInsert) {
  const [row] = await db.insert(people).values(values).returning();
  return row!;
}

export async function findInvitationByHash(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ invitation: invitations, organisationName: organisations.legalName })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function markInvitationAccepted(db: Database, invitationId: string, now: Date) {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return rows.length === 1;
}

export async function addMembership(db: Database, values: typeof memberships.$inferInsert) {
  await db.insert(memberships).values(values).onConflictDoNothing();
}

export async function insertApiToken(db: Database, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function listApiTokensOf(db: Database, personId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiTokenOf(db: Database, personId: string, tokenId: string, now: Date) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
}

export async function findActiveApiToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function touchApiToken(db: Database, tokenId: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}

export async function listGuardianshipsOf(db: Database, personId: string) {
  return db.select().from(guardianships).where(sql`${guardianships.guardianId} = ${personId} or ${guardianships.learnerId} = ${personId}`);
}

export async function countPlatformAdmins(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(people).where(eq(people.isPlatformAdmin, true));
  return row?.count ?? 0;
}
