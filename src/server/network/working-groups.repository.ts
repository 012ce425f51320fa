import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  people,
  workingGroupDocuments,
  workingGroupMembers,
  workingGroupPosts,
  workingGroups,
  workingGroupThreads,
} from '../db/schema/index.js';

export async function insertGroup(db: Database, values: typeof workingGroups.$inferInsert) {
  const [row] = await db.insert(workingGroups).values(values).returning();
  return row!;
}

export async function findGroup(db: Database, id: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id));
  return row;
}

export async function groupsOfSpaces(db: Database, spaceIds: string[], personId: string) {
  if (spaceIds.length === 0) return [];
  return db
    .select({
      group: workingGroups,
      memberCount: sql<number>`(select count(*)::int from working_group_members where group_id = ${workingGroups.id})`,
      isMember: sql<boolean>`exists (select 1 from working_group_members where group_id = ${workingGroups.id} and person_id = ${personId})`,
    })
    .from(workingGroups)
    .where(or(inArray(workingGroups.networkId, spaceIds), inArray(workingGroups.consortiumId, spaceIds)))
    .orderBy(asc(workingGroups.name));
}

export async function membersOf(db: Database, groupId: string) {
  return db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      preferredLanguage: people.preferredLanguage,
      isNotified: workingGroupMembers.isNotified,
    })
    .from(workingGroupMembers)
    .innerJoin(people, eq(people.id, workingGroupMembers.personId))
    .where(eq(workingGroupMembers.groupId, groupId))
    .orderBy(asc(people.familyName), asc(people.givenName));
}

export async function insertMember(db: Database, groupId: string, personId: string) {
  const rows = await db.insert(workingGroupMembers).values({ groupId, personId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function deleteMember(db: Database, groupId: string, personId: string) {
  const rows = await db
    .delete(workingGroupMembers)
    .where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.personId, personId)))
    .returning();
  return rows.length === 1;
}

export async function setNotified(db: Database, groupId: string, personId: string, isNotified: boolean) {
  await db
    .update(workingGroupMembers)
    .set({ isNotified })
    .where(and(eq(workingGroupMembers.groupId, groupId), eq(workingGroupMembers.personId, personId)));
}

export async function documentsOf(db: Database, groupId: string) {
  return db
    .select()
    .from(workingGroupDocuments)
    .where(eq(workingGroupDocuments.groupId, groupId))
    .orderBy(desc(workingGroupDocuments.createdAt));
}

export async function insertDocument(db: Database, values: typeof workingGroupDocuments.$inferInsert) {
  const [row] = await db.insert(workingGroupDocuments).values(values).returning();
  return row!;
}

export async function findDocument(db: Database, groupId: string, documentId: string) {
  const [row] = await db
    .select()
    .from(workingGroupDocuments)
    .where(and(eq(workingGroupDocuments.id, documentId), eq(workingGroupDocuments.groupId, groupId)));
  return row;
}

export async function threadsOf(db: Database, groupId: string) {
  return db
    .select({
      thread: workingGroupThreads,
      postCount: sql<number>`(select count(*)::int from working_group_posts where thread_id = ${workingGroupThreads.id})`,
      lastPostAt: sql<Date>`(select max(created_at) from working_group_posts where thread_id = ${workingGroupThreads.id})`.mapWith(
        (value) => new Date(value),
      ),
    })
    .from(workingGroupThreads)
    .where(eq(workingGroupThreads.groupId, groupId))
    .orderBy(desc(workingGroupThreads.createdAt));
}

export async function insertThread(db: Database, values: typeof workingGroupThreads.$inferInsert) {
  const [row] = await db.insert(workingGroupThreads).values(values).returning();
  return row!;
}

export async function findThread(db: Database, groupId: string, threadId: string) {
  const [row] = await db
    .select()
    .from(workingGroupThreads)
    .where(and(eq(workingGroupThreads.id, threadId), eq(workingGroupThreads.groupId, groupId)));
  return row;
}

export async function insertPost(db: Database, values: typeof workingGroupPosts.$inferInsert) {
  const [row] = await db.insert(workingGroupPosts).values(values).returning();
  return row!;
}

export async function postsOf(db: Database, threadId: string) {
  return db
    .select({ post: workingGroupPosts, givenName: people.givenName, familyName: people.familyName })
    .from(workingGroupPosts)
    .leftJoin(people, eq(people.id, workingGroupPosts.authorId))
    .where(eq(workingGroupPosts.threadId, threadId))
    .orderBy(asc(workingGroupPosts.createdAt));
}
