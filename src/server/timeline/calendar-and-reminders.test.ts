import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { grantProjects, mobilities, mobilityItineraries, outboxMessages, people, sentReminders } from '../db/schema/index.js';
import { createLogger } from '../logger.js';
import { deliverDueMail } from '../mail/mail-worker.js';
import { buildHostOrganisation, buildOrganisation, buildPerson } from '../testing/factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import type { TimelineDocument } from './timeline-content.js';
import { seedTimelines } from './timeline.service.js';
import { sendTimelineReminders } from './reminders.js';

const trickyTitle = 'Pack: passport, ticket; charger\nand the EHIC card';
const text = (en: string, de = en) => ({ fr: en, en, de });

/** A small template made for these tests: one step per person, due on known days around departure. */
const testTemplate: TimelineDocument = {
  slug: 'test-departure',
  version: 1,
  title: text('Departure checklist'),
  description: text('Three steps around departure.'),
  appliesTo: ['vet_short_term'],
  languages: ['fr', 'en', 'de'],
  sources: [],
  steps: [
    {
      key: 'pack',
      phase: 'before',
      role: 'learner',
      due: { anchor: 'departure', offsetDays: -3 },
      evidence: 'checkbox',
      evidenceDetail: null,
      conditions: {},
      title: text(trickyTitle, 'Packen: Pass, Fahrkarte; Ladegerät\nund die EKVK'),
      guidance: text('Pack.'),
      resources: [],
    },
    {
      key: 'welcome',
      phase: 'during',
      role: 'host_tutor',
      due: { anchor: 'departure', offsetDays: 1 },
      evidence: 'checkbox',
      evidenceDetail: null,
      conditions: {},
      title: text('Welcome and safety induction', 'Empfang und Sicherheitsunterweisung'),
      guidance: text('Welcome.'),
      resources: [],
    },
    {
      key: 'plan',
      phase: 'before',
      role: 'coach',
      due: { anchor: 'departure', offsetDays: -30 },
      evidence: 'none',
      evidenceDetail: null,
      conditions: {},
      title: text('Plan the departure'),
      guidance: text('Plan.'),
      resources: [],
    },
  ],
};

let testApp: TestApp;
let learnerEmail: string;
let tutorEmail: string;
const day = 86_400_000;
const departure = new Date('2026-12-10T09:00:00Z');
const logger = createLogger('silent');

before(async () => {
  testApp = await createTestApp();
  const { db } = testApp;
  const school = await buildOrganisation(db);
  const host = await buildHostOrganisation(db);
  await buildPerson(db, { roles: [[school.id, 'mobility_coach']], email: 'coach@calendar.test' });
  const learner = await buildPerson(db, {
    givenName: 'Lena',
    familyName: 'Schmidt',
    birthDate: '2000-01-01',
    preferredLanguage: 'de',
    roles: [[school.id, 'learner']],
  });
  const tutor = await buildPerson(db, { givenName: 'Jan', familyName: 'Tutor', preferredLanguage: 'de', roles: [[host.id, 'host_tutor']] });
  learnerEmail = learner.email!;
  tutorEmail = tutor.email!;
  const [project] = await db
    .insert(grantProjects)
    .values({
      code: '2026-1-FR01-KA121-VET-000999999',
      title: 'Test',
      keyAction: 'KA121',
      field: 'VET',
      beneficiaryId: school.id,
      startDate: '2026-06-01',
      endDate: '2028-05-31',
    })
    .returning();
  const [mobility] = await db
    .insert(mobilities)
    .values({
      projectId: project!.id,
      participantId: learner.id,
      sendingOrganisationId: school.id,
      activityType: 'vet_short_term',
      status: 'confirmed',
      startDate: '2026-12-10',
      endDate: '2027-01-08',
      tutorId: tutor.id,
    })
    .returning();
  await db.insert(mobilityItineraries).values({ mobilityId: mobility!.id, hostOrganisationId: host.id, city: 'Flensburg', country: 'DE' });
  await seedTimelines(db, [testTemplate], testApp.clock.now);
});
after(async () => {
  await testApp.close();
});

async function feedUrl(client: TestClient) {
  const page = await (await client.get('/calendar')).text();
  return page.match(/http:\/\/passerelle\.test(\/calendar\/[A-Za-z0-9_-]+\.ics)/)?.[1];
}

function parseEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: String(event.getFirstPropertyValue('uid')),
    summary: String(event.getFirstPropertyValue('summary')),
    start: event.getFirstPropertyValue('dtstart') as ICAL.Time,
    hasStamp: Boolean(event.getFirstPropertyValue('dtstamp')),
  }));
}

describe('calendar feed', () => {
  it('gives each person a private ICS feed of their steps and mobility dates that ical.js parses, in their language, with stable UIDs across regenerations', async () => {
    const learner = new TestClient(testApp);
    await learner.signIn(learnerEmail);
    assert.equal(await feedUrl(learner), undefined);
    assert.equal((await learner.post('/calendar/regenerate')).status, 303);
    const first = (await feedUrl(learner))!;
    const response = await new TestClient(testApp).get(first);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/calendar/);
    const ics = await response.text();
    assert.match(ics, /X-WR-CALNAME:Passerelle — Schritte der Mobilität/);
    assert.match(ics, /Packen: Pass\\, Fahrkarte\\; Ladegerät\\nund die EKVK/, 'commas, semicolons and newlines escaped (RFC 5545 3.3.11)');
    const events = parseEvents(ics);
    const stepEvents = events.filter((event) => event.uid.startsWith('step-'));
    assert.equal(stepEvents.length, 1, 'one VEVENT per step of hers, none of the tutor’s or coach’s');
    assert.equal(stepEvents[0]!.summary, 'Packen: Pass, Fahrkarte; Ladegerät\nund die EKVK — Lena Schmidt');
    assert.equal(stepEvents[0]!.start.isDate, true, 'all-day');
    assert.equal(stepEvents[0]!.start.toString(), '2026-12-07');
    assert.ok(events.every((event) => event.hasStamp));
    const stay = events.find((event) => event.uid.startsWith('mobility-'))!;
    assert.equal(stay.start.toString(), '2026-12-10');

    assert.equal((await learner.post('/calendar/regenerate')).status, 303);
    const second = (await feedUrl(learner))!;
    assert.notEqual(second, first);
    assert.equal((await new TestClient(testApp).get(first)).status, 404, 'the old address stops working');
    const again = parseEvents(await (await new TestClient(testApp).get(second)).text());
    assert.deepEqual(again.map((event) => event.uid).sort(), events.map((event) => event.uid).sort());
    assert.equal((await learner.post('/calendar/revoke')).status, 303);
    assert.equal((await new TestClient(testApp).get(second)).status, 404);
  });
});

describe('reminders', () => {
  const mailTo = (address: string) => testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address));

  it('sends a step’s due-soon reminder once, three days before, however often and however many instances run', async () => {
    testApp.clock.now = new Date(departure.getTime() - 3 * day);
    const config = testApp.deps.config;
    const first = await sendTimelineReminders(testApp.db, config, testApp.clock.now);
    assert.equal(first.stepReminders, 1, 'the learner’s packing step; the coach’s step is long overdue and not worth an email');
    const [mail, ...others] = await mailTo(learnerEmail);
    assert.equal(others.length, 0);
    assert.match(mail!.subject, /Packen: Pass, Fahrkarte; Ladegerät/);
    assert.equal(mail!.language, 'de');
    assert.equal((await sendTimelineReminders(testApp.db, config, testApp.clock.now)).stepReminders, 0);

    // A day later the tutor's step is due in three days and the learner's is overdue: two instances run the job at once.
    testApp.clock.now = new Date(departure.getTime() - 2 * day);
    const [a, b] = await Promise.all([
      sendTimelineReminders(testApp.db, config, testApp.clock.now),
      sendTimelineReminders(testApp.db, config, testApp.clock.now),
    ]);
    assert.equal(a.stepReminders + b.stepReminders, 2);
    assert.equal((await mailTo(tutorEmail)).length, 1);
    const learnerMail = await mailTo(learnerEmail);
    assert.equal(learnerMail.length, 2);
    assert.ok(
      learnerMail.some((row) => /überfällig/.test(row.subject)),
      'the overdue reminder, once',
    );
    assert.equal(a.coachDigests + b.coachDigests + first.coachDigests, 1, 'one coach digest per week');
    assert.deepEqual(await sendTimelineReminders(testApp.db, config, testApp.clock.now), { stepReminders: 0, digests: 0, coachDigests: 0 });
  });

  it('honours the digest preference, stops after the unsubscribe link without signing in, and leaves SMTP retries to the outbox', async () => {
    const config = { ...testApp.deps.config, smtpUrl: 'smtp://mail.invalid:2525' };
    const tutor = new TestClient(testApp);
    await tutor.signIn(tutorEmail);
    assert.equal((await tutor.post('/calendar/reminders', { mode: 'digest' })).status, 303);
    testApp.clock.now = new Date(departure.getTime() + 2 * day);
    const digest = await sendTimelineReminders(testApp.db, config, testApp.clock.now);
    assert.equal(digest.digests, 1, 'the tutor’s overdue step, in one digest email');
    const tutorMail = await mailTo(tutorEmail);
    assert.equal(tutorMail.length, 2);
    const digestMail = tutorMail.find((mail) => mail.status === 'pending')!;
    assert.match(digestMail.subject, /1 Schritt\(e\)/);

    const link = digestMail.textBody.match(/http:\/\/passerelle\.test(\/reminders\/unsubscribe\/[^\s?]+)\?lang=de/)![1]!;
    const visitor = new TestClient(testApp);
    const confirmPage = await visitor.get(`${link}?lang=de`);
    assert.equal(confirmPage.status, 200);
    assert.match(await confirmPage.text(), /Erinnerungen abbestellen/);
    assert.equal((await visitor.post(link)).status, 200);
    assert.equal(
      (await new TestClient(testApp).post(link.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a')))).status,
      404,
      'a forged token is refused',
    );
    await testApp.db.delete(sentReminders);
    const afterUnsubscribe = await sendTimelineReminders(testApp.db, config, testApp.clock.now);
    const [tutorRow] = await testApp.db.select().from(people).where(eq(people.email, tutorEmail));
    assert.equal((await testApp.db.select().from(sentReminders).where(eq(sentReminders.personId, tutorRow!.id))).length, 0);
    assert.equal(afterUnsubscribe.digests, 0);

    // Delivery is the outbox worker's job: an SMTP failure is retried later.
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('421 try again later');
    };
    await deliverDueMail(testApp.db, failing, testApp.clock.now, logger, 100);
    const [retried] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.id, digestMail.id));
    assert.equal(retried!.status, 'pending');
    assert.equal(retried!.lastError, '421 try again later');
    assert.ok(calls >= 1);
    await deliverDueMail(testApp.db, async () => {}, new Date(testApp.clock.now.getTime() + 3600_000), logger, 100);
    const [sent] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.id, digestMail.id));
    assert.equal(sent!.status, 'sent');
  });
});
