import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { auditLog, consortia, invitations, memberships, networks, organisations, outboxMessages, people } from '../db/schema/index.js';

export async function contactsWithRole(db: Database, organisationIds: string[], role: 'mobility_coach' | 'host_contact') {
  if (organisationIds.length === 0) return [];
  return db
    .select({ organisationId: memberships.organisationId, organisationName: organisations.legalName, givenName: people.givenName, familyName: people.familyName, email: people.email, phone: people.phone })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.organisationId, organisationIds), eq(memberships.role, role), isNull(people.deactivatedAt)))
    .orderBy(organisations.legalName, people.familyName);
}

/** Learners without a birth date: minor status at departure cannot be computed for them. */
export async function learnersMissingBirthDate(db: Database, organisationIds: string[], limit: number) {
  if (organisationIds.length === 0) return { rows: [], total: 0 };
  const where = and(inArray(memberships.organisationId, organisationIds), eq(memberships.role, 'learner'), isNull(people.birthDate), isNull(people.deactivatedAt));
  // One round trip: the first rows and, through a window, how many there are in all.
  const rows = await db
    .select({
      personId: people.id,
      organisationId: memberships.organisationId,
      givenName: people.givenName,
      familyName: people.familyName,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(where)
    .orderBy(people.familyName)
    .limit(limit);
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function pendingInvitationCounts(db: Database, organisationIds: string[], now: Date) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ organisationId: invitations.organisationId, count: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(inArray(invitations.organisationId, organisationIds), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), sql`${invitations.expiresAt} > ${now}`))
    .groupBy(invitations.organisationId);
}

export async function recentActivity(db: Database, organisationIds: string[], limit: number) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ at: auditLog.at, action: auditLog.action, givenName: people.givenName, familyName: people.familyName })
    .from(auditLog)
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(inArray(auditLog.organisationId, organisationIds))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

export async function platformFigures(db: Database) {
  const [row] = await db
    .select({
      organisations: sql<number>`(select count(*)::int from ${organisations})`,
      people: sql<number>`(select count(*)::int from ${people} where deactivated_at is null)`,
      consortia: sql<number>`(select count(*)::int from ${consortia})`,
      networks: sql<number>`(select count(*)::int from ${networks})`,
      failedMail: sql<number>`(select count(*)::int from ${outboxMessages} where status = 'failed')`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}
