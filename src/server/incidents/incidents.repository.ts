import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  accompaniments,
  checkins,
  incidentLogEntries,
  incidents,
  memberships,
  mobilities,
  mobilityItineraries,
  organisationOnCall,
  organisations,
  people,
} from '../db/schema/index.js';

/**
 * The learner's mobility during which she answers check-ins: under way, or confirmed with today
 * between its start and end dates (the coach may not have marked the departure yet).
 */
export async function currentStayOf(db: Database, personId: string, today: string) {
  const [row] = await db
    .select({
      id: mobilities.id,
      sendingOrganisationId: mobilities.sendingOrganisationId,
      startDate: mobilities.startDate,
      endDate: mobilities.endDate,
    })
    .from(mobilities)
    .where(
      and(
        eq(mobilities.participantId, personId),
        or(
          eq(mobilities.status, 'under_way'),
          and(
            eq(mobilities.status, 'confirmed'),
            sql`${mobilities.startDate} <= ${today}`,
            sql`coalesce(${mobilities.endDate} >= ${today}, true)`,
          ),
        ),
      ),
    )
    .orderBy(desc(mobilities.startDate))
    .limit(1);
  return row;
}

export async function findCheckinOfWeek(db: Database, personId: string, weekStart: string) {
  const [row] = await db
    .select()
    .from(checkins)
    .where(and(eq(checkins.personId, personId), eq(checkins.weekStart, weekStart)));
  return row;
}

/** Inserts the week's check-in, or returns undefined when the learner already answered this week. */
export async function insertCheckin(db: Database, values: typeof checkins.$inferInsert) {
  const [row] = await db
    .insert(checkins)
    .values(values)
    .onConflictDoNothing({ target: [checkins.personId, checkins.weekStart] })
    .returning();
  return row;
}

export async function checkinsOfPerson(db: Database, personId: string, limit: number) {
  return db.select().from(checkins).where(eq(checkins.personId, personId)).orderBy(desc(checkins.weekStart)).limit(limit);
}

/** The active coaches of an organisation, with the language to write to them in. */
export async function coachesOf(db: Database, organisationId: string) {
  return db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      preferredLanguage: people.preferredLanguage,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'mobility_coach'), isNull(people.deactivatedAt)))
    .orderBy(asc(people.familyName));
}

export async function findPerson(db: Database, personId: string) {
  const [row] = await db.select().from(people).where(eq(people.id, personId));
  return row;
}

/** Check-ins signalling trouble in the sending organisations since a day, newest first. */
export async function checkinsNeedingAttention(db: Database, organisationIds: string[], since: string, limit: number) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ checkin: checkins, mobilityId: mobilities.id, givenName: people.givenName, familyName: people.familyName })
    .from(checkins)
    .innerJoin(mobilities, eq(mobilities.id, checkins.mobilityId))
    .innerJoin(people, eq(people.id, checkins.personId))
    .where(
      and(inArray(mobilities.sendingOrganisationId, organisationIds), eq(checkins.needsAttention, true), gte(checkins.weekStart, since)),
    )
    .orderBy(desc(checkins.createdAt))
    .limit(limit);
}

/** Each learner's latest answers (up to three weeks), for learners who answered since a day. */
export async function recentCheckinTrends(db: Database, organisationIds: string[], since: string, learnerLimit: number) {
  if (organisationIds.length === 0) return [];
  const ranked = db
    .select({
      personId: checkins.personId,
      mobilityId: checkins.mobilityId,
      weekStart: checkins.weekStart,
      wellbeing: checkins.wellbeing,
      atWork: checkins.atWork,
      atHome: checkins.atHome,
      needsAttention: checkins.needsAttention,
      rank: sql<number>`row_number() over (partition by ${checkins.personId} order by ${checkins.weekStart} desc)`.as('rank'),
    })
    .from(checkins)
    .innerJoin(mobilities, eq(mobilities.id, checkins.mobilityId))
    .where(and(inArray(mobilities.sendingOrganisationId, organisationIds), gte(checkins.weekStart, since)))
    .as('ranked');
  const rows = await db
    .select({
      personId: ranked.personId,
      mobilityId: ranked.mobilityId,
      weekStart: ranked.weekStart,
      wellbeing: ranked.wellbeing,
      atWork: ranked.atWork,
      atHome: ranked.atHome,
      needsAttention: ranked.needsAttention,
      givenName: people.givenName,
      familyName: people.familyName,
    })
    .from(ranked)
    .innerJoin(people, eq(people.id, ranked.personId))
    .where(sql`${ranked.rank} <= 3`)
    .orderBy(asc(people.familyName), asc(people.givenName), asc(ranked.personId), desc(ranked.weekStart))
    .limit(learnerLimit * 3);
  return rows;
}

export async function hostCountryOf(db: Database, mobilityId: string) {
  const [row] = await db
    .select({ country: mobilityItineraries.country })
    .from(mobilityItineraries)
    .where(eq(mobilityItineraries.mobilityId, mobilityId))
    .orderBy(asc(mobilityItineraries.position))
    .limit(1);
  return row?.country ?? null;
}

export async function insertIncident(db: Database, values: typeof incidents.$inferInsert) {
  const [row] = await db.insert(incidents).values(values).returning();
  return row!;
}

export async function findIncident(db: Database, incidentId: string) {
  const [row] = await db
    .select({
      incident: incidents,
      participantId: mobilities.participantId,
      givenName: people.givenName,
      familyName: people.familyName,
      birthDate: people.birthDate,
      startDate: mobilities.startDate,
    })
    .from(incidents)
    .innerJoin(mobilities, eq(mobilities.id, incidents.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(eq(incidents.id, incidentId));
  return row;
}

export async function logEntriesOf(db: Database, incidentId: string) {
  return db
    .select({ entry: incidentLogEntries, authorGivenName: people.givenName, authorFamilyName: people.familyName })
    .from(incidentLogEntries)
    .leftJoin(people, eq(people.id, incidentLogEntries.authorId))
    .where(eq(incidentLogEntries.incidentId, incidentId))
    .orderBy(asc(incidentLogEntries.createdAt), asc(incidentLogEntries.id));
}

export async function insertLogEntry(db: Database, values: typeof incidentLogEntries.$inferInsert) {
  const [row] = await db.insert(incidentLogEntries).values(values).returning();
  return row!;
}

/** Closes an incident only while it is open, so two people cannot close it twice. */
export async function closeIncident(db: Database, incidentId: string, values: { resolution: string; closedById: string; now: Date }) {
  const rows = await db
    .update(incidents)
    .set({ status: 'closed', resolution: values.resolution, closedById: values.closedById, closedAt: values.now, updatedAt: values.now })
    .where(and(eq(incidents.id, incidentId), eq(incidents.status, 'open')))
    .returning({ id: incidents.id });
  return rows.length === 1;
}

const incidentListColumns = {
  id: incidents.id,
  category: incidents.category,
  severity: incidents.severity,
  status: incidents.status,
  createdAt: incidents.createdAt,
  mobilityId: incidents.mobilityId,
  givenName: people.givenName,
  familyName: people.familyName,
};

/** Incidents the person reported, or may mediate: of the organisations they manage or of mobilities they accompany. */
export async function listIncidentsFor(db: Database, personId: string, managedOrganisationIds: string[], limit: number) {
  const conditions = [
    eq(incidents.reporterId, personId),
    sql`${incidents.mobilityId} in (select accompanied.learner_mobility_id from ${accompaniments} accompanied join ${mobilities} accompanying on accompanying.id = accompanied.accompanying_mobility_id where accompanying.participant_id = ${personId})`,
  ];
  if (managedOrganisationIds.length) conditions.push(inArray(incidents.sendingOrganisationId, managedOrganisationIds));
  return db
    .select({ ...incidentListColumns, reporterId: incidents.reporterId })
    .from(incidents)
    .innerJoin(mobilities, eq(mobilities.id, incidents.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(or(...conditions))
    .orderBy(asc(incidents.status), desc(incidents.createdAt))
    .limit(limit);
}

/** Open incidents of the sending organisations, the most severe and newest first. */
export async function openIncidentsOf(db: Database, organisationIds: string[], limit: number) {
  if (organisationIds.length === 0) return [];
  return db
    .select(incidentListColumns)
    .from(incidents)
    .innerJoin(mobilities, eq(mobilities.id, incidents.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(and(inArray(incidents.sendingOrganisationId, organisationIds), eq(incidents.status, 'open')))
    .orderBy(sql`case ${incidents.severity} when 'urgent' then 0 when 'serious' then 1 else 2 end`, desc(incidents.createdAt))
    .limit(limit);
}

export async function findOnCall(db: Database, organisationId: string) {
  const [row] = await db.select().from(organisationOnCall).where(eq(organisationOnCall.organisationId, organisationId));
  return row;
}

export async function upsertOnCall(db: Database, values: typeof organisationOnCall.$inferInsert) {
  await db
    .insert(organisationOnCall)
    .values(values)
    .onConflictDoUpdate({
      target: organisationOnCall.organisationId,
      set: { name: values.name, phone: values.phone, email: values.email, updatedById: values.updatedById, updatedAt: values.updatedAt },
    });
}

export async function findOrganisation(db: Database, organisationId: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row;
}

/** What this capability holds that a person wrote: their check-ins, their reports and their mediation entries. */
export async function personalIncidentData(db: Database, personId: string) {
  const [ownCheckins, reported, logEntries] = await Promise.all([
    db.select().from(checkins).where(eq(checkins.personId, personId)).orderBy(asc(checkins.weekStart)),
    db.select().from(incidents).where(eq(incidents.reporterId, personId)).orderBy(asc(incidents.createdAt)),
    db.select().from(incidentLogEntries).where(eq(incidentLogEntries.authorId, personId)).orderBy(asc(incidentLogEntries.createdAt)),
  ]);
  return { checkins: ownCheckins, incidentsReported: reported, mediationEntries: logEntries };
}
