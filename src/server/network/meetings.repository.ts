import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { meetingRegistrations, networkMeetings, people } from '../db/schema/index.js';

export async function insertMeeting(db: Database, values: typeof networkMeetings.$inferInsert) {
  const [row] = await db.insert(networkMeetings).values(values).returning();
  return row!;
}

export async function findMeeting(db: Database, id: string) {
  const [row] = await db.select().from(networkMeetings).where(eq(networkMeetings.id, id));
  return row;
}

export async function meetingsOfSpaces(db: Database, spaceIds: string[], personId: string) {
  if (spaceIds.length === 0) return [];
  return db
    .select({
      meeting: networkMeetings,
      registrationCount: sql<number>`(select count(*)::int from network_meeting_registrations where meeting_id = ${networkMeetings.id})`,
      isRegistered: sql<boolean>`exists (select 1 from network_meeting_registrations where meeting_id = ${networkMeetings.id} and person_id = ${personId})`,
    })
    .from(networkMeetings)
    .where(or(inArray(networkMeetings.networkId, spaceIds), inArray(networkMeetings.consortiumId, spaceIds)))
    .orderBy(asc(networkMeetings.startsAt));
}

export async function registrationsOf(db: Database, meetingId: string) {
  return db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      hasAttended: meetingRegistrations.hasAttended,
    })
    .from(meetingRegistrations)
    .innerJoin(people, eq(people.id, meetingRegistrations.personId))
    .where(eq(meetingRegistrations.meetingId, meetingId))
    .orderBy(asc(people.familyName), asc(people.givenName));
}

export async function insertRegistration(db: Database, meetingId: string, personId: string, now: Date) {
  const rows = await db.insert(meetingRegistrations).values({ meetingId, personId, createdAt: now }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function deleteRegistration(db: Database, meetingId: string, personId: string) {
  const rows = await db
    .delete(meetingRegistrations)
    .where(and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.personId, personId)))
    .returning();
  return rows.length === 1;
}

/** Present people are those listed; every other registrant is recorded absent. */
export async function setAttendance(db: Database, meetingId: string, presentIds: string[]) {
  await db
    .update(meetingRegistrations)
    .set({ hasAttended: presentIds.length ? inArray(meetingRegistrations.personId, presentIds) : sql`false` })
    .where(eq(meetingRegistrations.meetingId, meetingId));
}

export async function updateMeeting(db: Database, id: string, values: Partial<typeof networkMeetings.$inferInsert>) {
  await db.update(networkMeetings).set(values).where(eq(networkMeetings.id, id));
}
