import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  consortia,
  consortiumMembers,
  guardianships,
  invitations,
  memberships,
  networkAnimators,
  networkMembers,
  networks,
  organisations,
  people,
  type MembershipRole,
} from '../db/schema/index.js';

const escapeLike = (value: string) => value.replace(/[%_\\]/g, '\\$&');

export async function findOrganisation(db: Database, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function listOrganisations(db: Database, filter: { ids?: string[]; search?: string; offset: number; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.ids) conditions.push(filter.ids.length ? inArray(organisations.id, filter.ids) : sql`false`);
  if (filter.search) conditions.push(ilike(organisations.legalName, `%${escapeLike(filter.search)}%`));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(organisations).where(where).orderBy(asc(organisations.legalName)).offset(filter.offset).limit(filter.limit),
    db.select({ value: count() }).from(organisations).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function listAllOrganisationNames(db: Database) {
  return db.select({ id: organisations.id, name: organisations.legalName, country: organisations.country }).from(organisations).orderBy(asc(organisations.legalName));
}

export async function insertOrganisation(db: Database, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}

export async function updateOrganisation(db: Database, id: string, values: Partial<typeof organisations.$inferInsert>) {
  await db.update(organisations).set(values).where(eq(organisations.id, id));
}

export async function findOrganisationByOid(db: Database, oid: string) {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.oid, oid));
  return row;
}

export type MemberFilter = { organisationId: string; role?: MembershipRole; search?: string; offset: number; limit: number };

/** Members of one organisation, one row per person with their roles aggregated. */
export async function listMembers(db: Database, filter: MemberFilter) {
  const conditions: SQL[] = [eq(memberships.organisationId, filter.organisationId)];
  if (filter.role) {
    conditions.push(
      sql`${people.id} in (select person_id from memberships where organisation_id = ${filter.organisationId} and role = ${filter.role})`,
    );
  }
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    conditions.push(or(ilike(people.givenName, pattern), ilike(people.familyName, pattern), ilike(people.email, pattern))!);
  }
  // One round trip: a page of people (one row each, roles aggregated) and, through a window over
  // the groups, how many people match in all.
  const rows = await db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      deactivatedAt: people.deactivatedAt,
      roles: sql<MembershipRole[]>`array_agg(${memberships.role} order by ${memberships.role})`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(...conditions))
    .groupBy(people.id)
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
    .offset(filter.offset)
    .limit(filter.limit);
  const total = rows[0]?.total ?? (filter.offset > 0 ? await countMembers(db, conditions) : 0);
  return { rows, total };
}

async function countMembers(db: Database, conditions: SQL[]) {
  const [row] = await db
    .select({ value: sql<number>`count(distinct ${people.id})::int` })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(...conditions));
  return row?.value ?? 0;
}

export async function countMembersByRole(db: Database, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ organisationId: memberships.organisationId, role: memberships.role, count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(inArray(memberships.organisationId, organisationIds))
    .groupBy(memberships.organisationId, memberships.role);
}

export async function rolesOfPersonIn(db: Database, organisationId: string, personId: string) {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.personId, personId)));
  return rows.map((row) => row.role);
}

export async function organisationsOfPerson(db: Database, personId: string) {
  const rows = await db.selectDistinct({ organisationId: memberships.organisationId }).from(memberships).where(eq(memberships.personId, personId));
  return rows.map((row) => row.organisationId);
}

export async function replaceRoles(db: Database, organisationId: string, personId: string, roles: MembershipRole[]) {
  await db.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.personId, personId)));
  if (roles.length) await db.insert(memberships).values(roles.map((role) => ({ organisationId, personId, role })));
}

export async function countOrganisationAdmins(db: Database, organisationId: string) {
  const [row] = await db
    .select({ value: count() })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'org_admin'), isNull(people.deactivatedAt)));
  return row?.value ?? 0;
}

export async function guardiansOf(db: Database, learnerId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, email: people.email, phone: people.phone, relationship: guardianships.relationship })
    .from(guardianships)
    .innerJoin(people, eq(people.id, guardianships.guardianId))
    .where(eq(guardianships.learnerId, learnerId));
}

export async function learnersOfGuardian(db: Database, guardianId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, birthDate: people.birthDate })
    .from(guardianships)
    .innerJoin(people, eq(people.id, guardianships.learnerId))
    .where(eq(guardianships.guardianId, guardianId));
}

export async function insertInvitation(db: Database, values: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

export async function listPendingInvitations(db: Database, organisationId: string, now: Date) {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.organisationId, organisationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > ${now}`,
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

export async function revokeInvitation(db: Database, organisationId: string, invitationId: string, now: Date) {
  return db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, organisationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
}

export async function findConsortium(db: Database, id: string) {
  const [row] = await db
    .select({ consortium: consortia, coordinatorName: organisations.legalName })
    .from(consortia)
    .innerJoin(organisations, eq(organisations.id, consortia.coordinatorId))
    .where(eq(consortia.id, id));
  return row;
}

export async function listConsortia(db: Database, coordinatorIds?: string[]) {
  return db
    .select({ id: consortia.id, name: consortia.name, coordinatorName: organisations.legalName, memberCount: sql<number>`(select count(*)::int from consortium_members where consortium_id = ${consortia.id})` })
    .from(consortia)
    .innerJoin(organisations, eq(organisations.id, consortia.coordinatorId))
    .where(coordinatorIds ? (coordinatorIds.length ? inArray(consortia.coordinatorId, coordinatorIds) : sql`false`) : undefined)
    .orderBy(asc(consortia.name));
}

export async function consortiumMemberOrganisations(db: Database, consortiumId: string) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, city: organisations.city, country: organisations.country, type: organisations.type })
    .from(consortiumMembers)
    .innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
    .where(eq(consortiumMembers.consortiumId, consortiumId))
    .orderBy(asc(organisations.legalName));
}

/** Organisations a consortium coordinator may look into: members of the consortia they coordinate. */
export async function organisationsCoordinatedBy(db: Database, coordinatorOrganisationIds: string[]) {
  if (coordinatorOrganisationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: consortiumMembers.organisationId })
    .from(consortiumMembers)
    .innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
    .where(inArray(consortia.coordinatorId, coordinatorOrganisationIds));
  return rows.map((row) => row.id);
}

export async function insertConsortium(db: Database, values: typeof consortia.$inferInsert) {
  const [row] = await db.insert(consortia).values(values).returning();
  return row!;
}

export async function addConsortiumMember(db: Database, consortiumId: string, organisationId: string) {
  const rows = await db.insert(consortiumMembers).values({ consortiumId, organisationId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function removeConsortiumMember(db: Database, consortiumId: string, organisationId: string) {
  return db.delete(consortiumMembers).where(and(eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.organisationId, organisationId))).returning();
}

export async function findNetwork(db: Database, id: string) {
  const [row] = await db.select().from(networks).where(eq(networks.id, id));
  return row;
}

export async function listNetworks(db: Database, ids?: string[]) {
  return db
    .select({ id: networks.id, name: networks.name, memberCount: sql<number>`(select count(*)::int from network_members where network_id = ${networks.id})` })
    .from(networks)
    .where(ids ? (ids.length ? inArray(networks.id, ids) : sql`false`) : undefined)
    .orderBy(asc(networks.name));
}

export async function insertNetwork(db: Database, values: typeof networks.$inferInsert) {
  const [row] = await db.insert(networks).values(values).returning();
  return row!;
}

export async function networkMemberOrganisations(db: Database, networkId: string) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, city: organisations.city, country: organisations.country, type: organisations.type })
    .from(networkMembers)
    .innerJoin(organisations, eq(organisations.id, networkMembers.organisationId))
    .where(eq(networkMembers.networkId, networkId))
    .orderBy(asc(organisations.legalName));
}

export async function networkAnimatorPeople(db: Database, networkId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, email: people.email })
    .from(networkAnimators)
    .innerJoin(people, eq(people.id, networkAnimators.personId))
    .where(eq(networkAnimators.networkId, networkId));
}

export async function addNetworkMember(db: Database, networkId: string, organisationId: string) {
  const rows = await db.insert(networkMembers).values({ networkId, organisationId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function removeNetworkMember(db: Database, networkId: string, organisationId: string) {
  return db.delete(networkMembers).where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.organisationId, organisationId))).returning();
}

export async function addNetworkAnimator(db: Database, networkId: string, personId: string) {
  const rows = await db.insert(networkAnimators).values({ networkId, personId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

/**
 * Network-level figures for animators: aggregated counts per member organisation, never individual
 * learners (the domain model's rule for animators).
 */
export async function networkMemberFigures(db: Database, networkId: string) {
  return db
    .select({
      organisationId: organisations.id,
      legalName: organisations.legalName,
      city: organisations.city,
      coaches: sql<number>`count(distinct ${memberships.personId}) filter (where ${memberships.role} = 'mobility_coach')::int`,
      learners: sql<number>`count(distinct ${memberships.personId}) filter (where ${memberships.role} = 'learner')::int`,
    })
    .from(networkMembers)
    .innerJoin(organisations, eq(organisations.id, networkMembers.organisationId))
    .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
    .where(eq(networkMembers.networkId, networkId))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.legalName));
}
