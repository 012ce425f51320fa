import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  accompaniments,
  calendarFeeds,
  guardianships,
  memberships,
  mobilities,
  mobilityItineraries,
  people,
  reminderPreferences,
  sentReminders,
  timelineSteps,
  timelineTemplates,
  timelineTemplateSteps,
  type ReminderRule,
  type StepStatus,
} from '../db/schema/index.js';
import { learnerActivityTypes } from '../mobilities/rules/types.js';
import { activeTimelineStatuses } from './timeline.policy.js';

type TemplateRow = typeof timelineTemplates.$inferSelect;
export type StepRow = typeof timelineSteps.$inferSelect;

// ---- templates -------------------------------------------------------------------------------------

export async function latestContentTemplate(db: Database, slug: string): Promise<TemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(timelineTemplates)
    .where(and(eq(timelineTemplates.slug, slug), isNull(timelineTemplates.organisationId)))
    .orderBy(desc(timelineTemplates.version))
    .limit(1);
  return row;
}

export async function insertTemplate(db: Database, values: typeof timelineTemplates.$inferInsert) {
  const [row] = await db.insert(timelineTemplates).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertTemplateSteps(db: Database, rows: (typeof timelineTemplateSteps.$inferInsert)[]) {
  if (rows.length) await db.insert(timelineTemplateSteps).values(rows);
}

export async function findTemplate(db: Database, templateId: string) {
  const [row] = await db.select().from(timelineTemplates).where(eq(timelineTemplates.id, templateId));
  return row;
}

export async function templateSteps(db: Database, templateId: string) {
  return db
    .select()
    .from(timelineTemplateSteps)
    .where(eq(timelineTemplateSteps.templateId, templateId))
    .orderBy(asc(timelineTemplateSteps.position));
}

/** The latest version of each content template, and the copies owned by the given organisations. */
export async function listTemplates(db: Database, organisationIds: string[]) {
  const latest = sql`${timelineTemplates.version} = (select max(latest.version) from ${timelineTemplates} latest where latest.slug = ${timelineTemplates.slug} and latest.organisation_id is null)`;
  const owned = organisationIds.length ? inArray(timelineTemplates.organisationId, organisationIds) : sql`false`;
  return db
    .select({
      id: timelineTemplates.id,
      slug: timelineTemplates.slug,
      version: timelineTemplates.version,
      organisationId: timelineTemplates.organisationId,
      title: timelineTemplates.title,
      appliesTo: timelineTemplates.appliesTo,
      updatedAt: timelineTemplates.updatedAt,
      stepCount: sql<number>`(select count(*)::int from ${timelineTemplateSteps} where ${timelineTemplateSteps.templateId} = ${timelineTemplates.id})`,
    })
    .from(timelineTemplates)
    .where(sql`(${timelineTemplates.organisationId} is null and ${latest}) or ${owned}`)
    .orderBy(asc(timelineTemplates.slug), asc(timelineTemplates.organisationId));
}

export async function findOrganisationCopy(db: Database, organisationId: string, slug: string) {
  const [row] = await db
    .select()
    .from(timelineTemplates)
    .where(and(eq(timelineTemplates.organisationId, organisationId), eq(timelineTemplates.slug, slug)));
  return row;
}

export async function touchTemplate(db: Database, templateId: string, now: Date) {
  await db.update(timelineTemplates).set({ updatedAt: now }).where(eq(timelineTemplates.id, templateId));
}

export async function updateTemplateStep(
  db: Database,
  templateId: string,
  stepId: string,
  values: Partial<typeof timelineTemplateSteps.$inferInsert>,
) {
  return db
    .update(timelineTemplateSteps)
    .set(values)
    .where(and(eq(timelineTemplateSteps.id, stepId), eq(timelineTemplateSteps.templateId, templateId)))
    .returning({ id: timelineTemplateSteps.id });
}

export async function deleteTemplateStep(db: Database, templateId: string, stepId: string) {
  return db
    .delete(timelineTemplateSteps)
    .where(and(eq(timelineTemplateSteps.id, stepId), eq(timelineTemplateSteps.templateId, templateId)))
    .returning({ id: timelineTemplateSteps.id });
}

/**
 * The templates that apply to a mobility: for each slug whose `appliesTo` has the activity, the
 * sending organisation's copy when it has one, else the latest content version.
 */
export async function templatesForMobility(db: Database, activityType: string, organisationId: string) {
  const candidates = await db
    .select()
    .from(timelineTemplates)
    .where(
      and(
        sql`${activityType} = any(${timelineTemplates.appliesTo})`,
        sql`(${timelineTemplates.organisationId} = ${organisationId} or (${timelineTemplates.organisationId} is null and ${timelineTemplates.version} = (select max(latest.version) from ${timelineTemplates} latest where latest.slug = ${timelineTemplates.slug} and latest.organisation_id is null)))`,
      ),
    );
  const bySlug = new Map<string, TemplateRow>();
  for (const template of candidates) {
    const chosen = bySlug.get(template.slug);
    if (!chosen || (template.organisationId && !chosen.organisationId)) bySlug.set(template.slug, template);
  }
  return [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

// ---- per-mobility steps ----------------------------------------------------------------------------

export async function mobilityForTimeline(db: Database, mobilityId: string) {
  const [row] = await db
    .select({
      id: mobilities.id,
      status: mobilities.status,
      activityType: mobilities.activityType,
      startDate: mobilities.startDate,
      endDate: mobilities.endDate,
      sendingOrganisationId: mobilities.sendingOrganisationId,
      participantBirthDate: people.birthDate,
    })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(eq(mobilities.id, mobilityId));
  return row;
}

/** Mobilities followed by a timeline that do not have one yet (confirmed before timelines existed). */
export async function activeMobilitiesWithoutTimeline(db: Database) {
  return db
    .select({ id: mobilities.id })
    .from(mobilities)
    .where(
      and(
        inArray(mobilities.status, [...activeTimelineStatuses]),
        sql`not exists (select 1 from ${timelineSteps} where ${timelineSteps.mobilityId} = ${mobilities.id})`,
      ),
    );
}

export async function insertSteps(db: Database, rows: (typeof timelineSteps.$inferInsert)[]) {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(timelineSteps).values(rows).onConflictDoNothing().returning({ id: timelineSteps.id });
  return inserted.length;
}

/** Open steps follow new departure and return dates; done and skipped steps keep theirs. */
export async function moveOpenStepDueDates(db: Database, mobilityId: string, startDate: string, endDate: string, now: Date) {
  return db
    .update(timelineSteps)
    .set({
      dueDate: sql`(case when ${timelineSteps.anchor} = 'departure' then ${startDate}::date else ${endDate}::date end + ${timelineSteps.offsetDays})`,
      updatedAt: now,
    })
    .where(and(eq(timelineSteps.mobilityId, mobilityId), eq(timelineSteps.status, 'todo')))
    .returning({ id: timelineSteps.id });
}

export async function stepsOfMobility(db: Database, mobilityId: string) {
  return db
    .select()
    .from(timelineSteps)
    .where(eq(timelineSteps.mobilityId, mobilityId))
    .orderBy(asc(timelineSteps.dueDate), asc(timelineSteps.position));
}

export async function findStep(db: Database, mobilityId: string, stepId: string) {
  const [row] = await db
    .select()
    .from(timelineSteps)
    .where(and(eq(timelineSteps.id, stepId), eq(timelineSteps.mobilityId, mobilityId)));
  return row;
}

/** Changes a step only if it is still in the state it was read in (two people acting at once). */
export async function updateStepFrom(
  db: Database,
  stepId: string,
  fromStatus: StepStatus,
  values: Partial<typeof timelineSteps.$inferInsert>,
) {
  return db
    .update(timelineSteps)
    .set(values)
    .where(and(eq(timelineSteps.id, stepId), eq(timelineSteps.status, fromStatus)))
    .returning();
}

// ---- who does which step ---------------------------------------------------------------------------

const learnerActivities = sql.join(
  learnerActivityTypes.map((type) => sql`${type}`),
  sql`, `,
);

/**
 * (step, person) pairs: who must do each step of the active timelines. The one SQL form of the rule
 * "each person sees their own steps": the participant does the learner steps (the teacher steps of a
 * staff mobility), guardians the guardian steps, the tutor, host family, host contacts and accompanying
 * persons theirs, the sending organisation's coaches the coach and employer steps, its teachers the
 * teacher steps of learners' mobilities. Filters on the outer query reach into each branch.
 */
const assignments = sql`(
  select s.id as step_id, m.participant_id as person_id from ${timelineSteps} s join ${mobilities} m on m.id = s.mobility_id
    where s.role = 'learner' or (s.role = 'teacher' and m.activity_type not in (${learnerActivities}))
  union select s.id, g.guardian_id from ${timelineSteps} s join ${mobilities} m on m.id = s.mobility_id
    join ${guardianships} g on g.learner_id = m.participant_id where s.role = 'guardian'
  union select s.id, m.tutor_id from ${timelineSteps} s join ${mobilities} m on m.id = s.mobility_id
    where s.role = 'host_tutor' and m.tutor_id is not null
  union select s.id, m.host_family_id from ${timelineSteps} s join ${mobilities} m on m.id = s.mobility_id
    where s.role = 'host_family' and m.host_family_id is not null
  union select s.id, ms.person_id from ${timelineSteps} s join ${mobilityItineraries} i on i.mobility_id = s.mobility_id
    join ${memberships} ms on ms.organisation_id = i.host_organisation_id and ms.role = 'host_contact' where s.role = 'host_contact'
  union select s.id, accompanying.participant_id from ${timelineSteps} s join ${accompaniments} a on a.learner_mobility_id = s.mobility_id
    join ${mobilities} accompanying on accompanying.id = a.accompanying_mobility_id where s.role = 'accompanying_person'
  union select s.id, ms.person_id from ${timelineSteps} s
    join ${memberships} ms on ms.organisation_id = s.sending_organisation_id and ms.role = 'mobility_coach' where s.role in ('coach', 'sending_employer')
  union select s.id, ms.person_id from ${timelineSteps} s join ${mobilities} m on m.id = s.mobility_id
    join ${memberships} ms on ms.organisation_id = s.sending_organisation_id and ms.role = 'teacher'
    where s.role = 'teacher' and m.activity_type in (${learnerActivities})
)`;

const activeStatuses = sql.join(
  activeTimelineStatuses.map((status) => sql`${status}`),
  sql`, `,
);

export type AssignedStep = {
  stepId: string;
  mobilityId: string;
  key: string;
  role: string;
  title: Record<string, string>;
  dueDate: string;
  status: StepStatus;
  updatedAt: Date;
  participantGivenName: string;
  participantFamilyName: string;
};

/** A person's own steps on active timelines, soonest first; open steps only unless told otherwise. */
export async function assignedSteps(db: Database, personId: string, options: { openOnly: boolean; limit: number }) {
  const result = await db.execute(sql`
    select s.id as "stepId", s.mobility_id as "mobilityId", s.key, s.role, s.title, s.due_date::text as "dueDate", s.status,
      s.updated_at as "updatedAt", p.given_name as "participantGivenName", p.family_name as "participantFamilyName"
    from ${assignments} a
    join ${timelineSteps} s on s.id = a.step_id
    join ${mobilities} m on m.id = s.mobility_id
    join ${people} p on p.id = m.participant_id
    where a.person_id = ${personId} and m.status in (${activeStatuses}) ${options.openOnly ? sql`and s.status = 'todo'` : sql``}
    order by s.due_date, s.position, s.id
    limit ${options.limit}`);
  return (result as unknown as { rows: AssignedStep[] }).rows.map((row) => ({ ...row, updatedAt: new Date(row.updatedAt) }));
}

/** The dates of the active mobilities a person takes part in or follows through one of their steps. */
export async function mobilityDatesOf(db: Database, personId: string) {
  const result = await db.execute(sql`
    select distinct m.id, m.start_date::text as "startDate", m.end_date::text as "endDate", m.updated_at as "updatedAt",
      p.given_name as "givenName", p.family_name as "familyName",
      (select i.city from ${mobilityItineraries} i where i.mobility_id = m.id order by i.position limit 1) as city
    from ${mobilities} m join ${people} p on p.id = m.participant_id
    where m.status in (${activeStatuses}) and m.start_date is not null and m.end_date is not null
      and (m.participant_id = ${personId} or m.id in (select s.mobility_id from ${assignments} a join ${timelineSteps} s on s.id = a.step_id where a.person_id = ${personId}))
    order by "startDate", m.id`);
  return (
    result as unknown as {
      rows: {
        id: string;
        startDate: string;
        endDate: string;
        updatedAt: string | Date;
        givenName: string;
        familyName: string;
        city: string | null;
      }[];
    }
  ).rows;
}

export type ReminderCandidate = {
  stepId: string;
  mobilityId: string;
  personId: string;
  email: string;
  givenName: string;
  language: string;
  mode: 'immediate' | 'digest';
  title: Record<string, string>;
  dueDate: string;
  participantName: string;
  rule: 'due_soon' | 'overdue';
};

/**
 * Open steps due within `dueSoonDays` (rule due_soon) or overdue by at most `overdueDays` (rule
 * overdue: a step already long overdue when the timeline was created is not worth an email), with
 * each assignee who has an email, has not unsubscribed and was not reminded yet under that rule.
 */
export async function reminderCandidates(db: Database, today: string, dueSoonDays: number, overdueDays: number) {
  const result = await db.execute(sql`
    select s.id as "stepId", s.mobility_id as "mobilityId", a.person_id as "personId", person.email, person.given_name as "givenName",
      person.preferred_language as language, coalesce(pref.mode, 'immediate') as mode, s.title, s.due_date::text as "dueDate",
      participant.given_name || ' ' || participant.family_name as "participantName",
      case when s.due_date < ${today}::date then 'overdue' else 'due_soon' end as rule
    from ${timelineSteps} s
    join ${mobilities} m on m.id = s.mobility_id
    join ${people} participant on participant.id = m.participant_id
    join ${assignments} a on a.step_id = s.id
    join ${people} person on person.id = a.person_id
    left join ${reminderPreferences} pref on pref.person_id = a.person_id
    where s.status = 'todo' and s.due_date <= ${today}::date + ${dueSoonDays}::int and s.due_date >= ${today}::date - ${overdueDays}::int and m.status in (${activeStatuses})
      and person.email is not null and person.deactivated_at is null and pref.unsubscribed_at is null
      and not exists (select 1 from ${sentReminders} r where r.person_id = a.person_id and r.subject = s.id::text
        and r.rule = case when s.due_date < ${today}::date then 'overdue' else 'due_soon' end)
    order by a.person_id, s.due_date`);
  return (result as unknown as { rows: ReminderCandidate[] }).rows;
}

/** Claims a reminder: true only for the one run (of any instance) that inserted the row. */
export async function claimReminder(db: Database, rule: ReminderRule, subject: string, personId: string, now: Date) {
  const rows = await db
    .insert(sentReminders)
    .values({ rule, subject, personId, sentAt: now })
    .onConflictDoNothing()
    .returning({ personId: sentReminders.personId });
  return rows.length === 1;
}

// ---- coach board -----------------------------------------------------------------------------------

export type BoardFilter = {
  organisationIds: string[];
  today: string;
  until: string;
  window: 'overdue' | 'week' | 'open';
  stepKey?: string | undefined;
  search?: string | undefined;
  offset: number;
  limit: number;
};

function boardConditions(filter: BoardFilter): SQL[] {
  const conditions: SQL[] = [
    inArray(timelineSteps.sendingOrganisationId, filter.organisationIds),
    eq(timelineSteps.status, 'todo'),
    inArray(mobilities.status, [...activeTimelineStatuses]),
  ];
  if (filter.window === 'overdue') conditions.push(sql`${timelineSteps.dueDate} < ${filter.today}`);
  else if (filter.window === 'week')
    conditions.push(sql`${timelineSteps.dueDate} >= ${filter.today} and ${timelineSteps.dueDate} <= ${filter.until}`);
  else conditions.push(sql`${timelineSteps.dueDate} <= ${filter.until}`);
  if (filter.stepKey) conditions.push(eq(timelineSteps.key, filter.stepKey));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`;
    conditions.push(sql`(${people.familyName} ilike ${pattern} or ${people.givenName} ilike ${pattern})`);
  }
  return conditions;
}

/** One page of the board, by learner then due date, with the total for the pagination. */
export async function boardRows(db: Database, filter: BoardFilter) {
  if (filter.organisationIds.length === 0) return [];
  return db
    .select({
      stepId: timelineSteps.id,
      mobilityId: timelineSteps.mobilityId,
      key: timelineSteps.key,
      role: timelineSteps.role,
      title: timelineSteps.title,
      dueDate: timelineSteps.dueDate,
      givenName: people.givenName,
      familyName: people.familyName,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(timelineSteps)
    .innerJoin(mobilities, eq(mobilities.id, timelineSteps.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(and(...boardConditions(filter)))
    .orderBy(
      asc(people.familyName),
      asc(people.givenName),
      asc(timelineSteps.mobilityId),
      asc(timelineSteps.dueDate),
      asc(timelineSteps.position),
    )
    .offset(filter.offset)
    .limit(filter.limit);
}

/** The same steps counted by step: how many are overdue and due this week for each. */
export async function boardByStep(db: Database, filter: BoardFilter) {
  if (filter.organisationIds.length === 0) return [];
  return db
    .select({
      key: timelineSteps.key,
      title: sql<Record<string, string>>`min(${timelineSteps.title}::text)::jsonb`,
      overdue: sql<number>`count(*) filter (where ${timelineSteps.dueDate} < ${filter.today})`.mapWith(Number),
      thisWeek: sql<number>`count(*) filter (where ${timelineSteps.dueDate} >= ${filter.today})`.mapWith(Number),
    })
    .from(timelineSteps)
    .innerJoin(mobilities, eq(mobilities.id, timelineSteps.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(and(...boardConditions({ ...filter, window: 'open' })))
    .groupBy(timelineSteps.key)
    .orderBy(desc(sql`count(*) filter (where ${timelineSteps.dueDate} < ${filter.today})`), asc(timelineSteps.key));
}

/** Steps recently done on the organisations' timelines, newest first: what moved since last time. */
export async function recentlyDone(db: Database, organisationIds: string[], limit: number) {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      stepId: timelineSteps.id,
      mobilityId: timelineSteps.mobilityId,
      title: timelineSteps.title,
      note: timelineSteps.note,
      completedAt: timelineSteps.completedAt,
      givenName: people.givenName,
      familyName: people.familyName,
    })
    .from(timelineSteps)
    .innerJoin(mobilities, eq(mobilities.id, timelineSteps.mobilityId))
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(and(inArray(timelineSteps.sendingOrganisationId, organisationIds), eq(timelineSteps.status, 'done')))
    .orderBy(desc(timelineSteps.completedAt))
    .limit(limit);
}

// ---- calendar feeds and reminder preferences ---------------------------------------------------------

export async function findCalendarFeed(db: Database, personId: string) {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, personId));
  return row;
}

export async function findCalendarFeedByTokenHash(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ personId: calendarFeeds.personId, language: people.preferredLanguage, deactivatedAt: people.deactivatedAt })
    .from(calendarFeeds)
    .innerJoin(people, eq(people.id, calendarFeeds.personId))
    .where(eq(calendarFeeds.tokenHash, tokenHash));
  return row;
}

export async function saveCalendarFeed(db: Database, values: typeof calendarFeeds.$inferInsert) {
  await db
    .insert(calendarFeeds)
    .values(values)
    .onConflictDoUpdate({
      target: calendarFeeds.personId,
      set: { nonce: values.nonce, tokenHash: values.tokenHash, createdAt: values.createdAt! },
    });
}

export async function deleteCalendarFeed(db: Database, personId: string) {
  return db.delete(calendarFeeds).where(eq(calendarFeeds.personId, personId)).returning({ personId: calendarFeeds.personId });
}

export async function findReminderPreference(db: Database, personId: string) {
  const [row] = await db.select().from(reminderPreferences).where(eq(reminderPreferences.personId, personId));
  return row;
}

export async function saveReminderPreference(
  db: Database,
  personId: string,
  values: { mode?: 'immediate' | 'digest'; unsubscribedAt?: Date | null },
  now: Date,
) {
  await db
    .insert(reminderPreferences)
    .values({ personId, mode: values.mode ?? 'immediate', unsubscribedAt: values.unsubscribedAt ?? null, updatedAt: now })
    .onConflictDoUpdate({ target: reminderPreferences.personId, set: { ...values, updatedAt: now } });
}

export async function personForMail(db: Database, personId: string) {
  const [row] = await db
    .select({ id: people.id, email: people.email, givenName: people.givenName, language: people.preferredLanguage })
    .from(people)
    .where(eq(people.id, personId));
  return row;
}

/** Coaches with open steps overdue or due by `until` on their organisations' active timelines. */
export async function coachDigestFigures(db: Database, today: string, until: string) {
  const result = await db.execute(sql`
    select ms.person_id as "personId", person.email, person.given_name as "givenName", person.preferred_language as language,
      count(distinct s.id) filter (where s.due_date < ${today}::date)::int as overdue,
      count(distinct s.id) filter (where s.due_date >= ${today}::date)::int as "thisWeek"
    from ${timelineSteps} s
    join ${mobilities} m on m.id = s.mobility_id
    join ${memberships} ms on ms.organisation_id = s.sending_organisation_id and ms.role = 'mobility_coach'
    join ${people} person on person.id = ms.person_id
    left join ${reminderPreferences} pref on pref.person_id = ms.person_id
    where s.status = 'todo' and s.due_date <= ${until}::date and m.status in (${activeStatuses})
      and person.email is not null and person.deactivated_at is null and pref.unsubscribed_at is null
    group by ms.person_id, person.email, person.given_name, person.preferred_language`);
  return (
    result as unknown as {
      rows: { personId: string; email: string; givenName: string; language: string; overdue: number; thisWeek: number }[];
    }
  ).rows;
}
