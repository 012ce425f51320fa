import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../src/server/testing/database.js';
import { buildOrganisation, buildHostOrganisation, buildPerson } from '../src/server/testing/factories.js';
import { bulkInsert } from '../src/server/db/bulk-insert.js';
import { grantProjects, mobilities, mobilityItineraries, people, memberships } from '../src/server/db/schema/index.js';
import { loadViewer } from '../src/server/accounts/viewer.js';
import { seedTimelines, coachBoard, type BoardQuery } from '../src/server/timeline/timeline.service.js';

/**
 * `node --import tsx bench/timeline.ts`: the coach board over 1,000 active mobilities of the coach's
 * organisation (about 50 steps each, and as many again in another organisation), on PGlite or on
 * PostgreSQL when DATABASE_URL is set. Times the board's queries in process, as the page runs them.
 */
const activeMobilities = Number(process.env['BENCH_MOBILITIES'] ?? 1000);
const runs = Number(process.env['BENCH_RUNS'] ?? 300);

const database = await createTestDatabase();
const { db } = database;
const now = new Date('2026-11-23T09:00:00Z');

async function organisationWithMobilities(count: number) {
  const school = await buildOrganisation(db);
  const host = await buildHostOrganisation(db);
  const [project] = await db
    .insert(grantProjects)
    .values({
      code: `2026-1-FR01-KA121-VET-${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
      title: 'Bench',
      keyAction: 'KA121',
      field: 'VET',
      beneficiaryId: school.id,
      startDate: '2026-01-01',
      endDate: '2028-12-31',
    })
    .returning();
  const learners = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    givenName: `Learner${index}`,
    familyName: `Bench${String(index).padStart(4, '0')}`,
    birthDate: index % 3 === 0 ? '2009-06-01' : '2005-06-01',
    email: `bench-${randomUUID()}@timeline.example`,
  }));
  await bulkInsert(db, people, learners);
  await bulkInsert(
    db,
    memberships,
    learners.map((learner) => ({ personId: learner.id, organisationId: school.id, role: 'learner' as const })),
  );
  // Departures spread over a year around today: every phase of the timeline is represented.
  const rows = learners.map((learner, index) => {
    const start = new Date(now.getTime() + ((index % 365) - 180) * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.parse(start) + 28 * 86_400_000).toISOString().slice(0, 10);
    return {
      id: randomUUID(),
      projectId: project!.id,
      participantId: learner.id,
      sendingOrganisationId: school.id,
      activityType: index % 5 === 0 ? 'erasmus_pro' : 'vet_short_term',
      status: 'confirmed' as const,
      startDate: start,
      endDate: end,
    };
  });
  await bulkInsert(db, mobilities, rows);
  await bulkInsert(
    db,
    mobilityItineraries,
    rows.map((row) => ({ mobilityId: row.id, hostOrganisationId: host.id, city: 'Flensburg', country: 'DE' })),
  );
  return school;
}

const seedStarted = performance.now();
const school = await organisationWithMobilities(activeMobilities);
await organisationWithMobilities(activeMobilities);
const seeded = await seedTimelines(db, undefined, now);
const counted = (await db.execute(sql`select count(*)::int as count from timeline_steps`)) as unknown as { rows: { count: number }[] };
const stepCount = counted.rows[0]!.count;
console.log(`seeded ${seeded.timelinesCreated} timelines, ${stepCount} steps in ${Math.round(performance.now() - seedStarted)} ms`);
await db.execute(sql`analyze`);

const coach = await buildPerson(db, { roles: [[school.id, 'mobility_coach']] });
const actor = { viewer: (await loadViewer(db, coach.id))!, requestId: 'bench', now };

function percentile(sorted: number[], fraction: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function time(name: string, query: BoardQuery) {
  for (let warm = 0; warm < 10; warm += 1) await coachBoard(db, actor, query);
  const durations: number[] = [];
  let total = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const board = await coachBoard(db, actor, query);
    durations.push(performance.now() - started);
    total = board.total;
  }
  durations.sort((a, b) => a - b);
  console.log(name, `${runs} runs`, `p95 ${percentile(durations, 0.95).toFixed(1)} ms`);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    name,
    rows: total,
    runs,
    p50: round(percentile(durations, 0.5)),
    p95: round(percentile(durations, 0.95)),
    p99: round(percentile(durations, 0.99)),
  };
}

const measures = [
  await time('board: overdue and due this week, page 1', { window: 'open', page: 1 }),
  await time('board: overdue only, page 3', { window: 'overdue', page: 3 }),
  await time('board: one step, this week', { window: 'week', step: 'weekly-check-in', page: 1 }),
  await time('board: learner name search', { window: 'open', q: 'Bench0042', page: 1 }),
];
const plan = (await db.execute(sql`explain select count(*) from timeline_steps s join mobilities m on m.id = s.mobility_id
  where s.sending_organisation_id = ${school.id} and s.status = 'todo' and s.due_date <= ${'2026-11-30'} and m.status in ('confirmed', 'under_way', 'completed')`)) as unknown as {
  rows: { 'QUERY PLAN': string }[];
};
console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
console.table(measures);

const directory = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
mkdirSync(directory, { recursive: true });
writeFileSync(
  path.join(directory, 'timeline.json'),
  JSON.stringify(
    {
      database: process.env['DATABASE_URL'] ? 'postgres' : 'pglite',
      date: new Date().toISOString(),
      activeMobilitiesOfCoach: activeMobilities,
      otherMobilities: activeMobilities,
      steps: stepCount,
      target: 'p95 <= 25 ms',
      measures,
    },
    null,
    2,
  ) + '\n',
);
await database.close();
