import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { auditLog, callApplications, networkCalls, outboxMessages } from '../db/schema/index.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { buildNetworkWithMembers, callFormFields } from '../testing/network-factories.js';
import { weightedScore } from './calls.service.js';
import { seedNetworkCalls } from './calls-seed.js';
import { seedDemo } from '../db/seed/demo.js';

let testApp: TestApp;
let world: Awaited<ReturnType<typeof buildNetworkWithMembers>>;
before(async () => {
  testApp = await createTestApp();
  world = await buildNetworkWithMembers(testApp.db);
});
after(async () => {
  await testApp?.close();
});

const contains = (text: string, pattern: RegExp) => assert.ok(pattern.test(text), `missing ${pattern}`);
const lacks = (text: string, pattern: RegExp) => assert.ok(!pattern.test(text), `unexpected ${pattern}`);

async function signedIn(person: { email: string | null }) {
  const client = new TestClient(testApp);
  await client.signIn(person.email!);
  return client;
}

/** Posts the multipart application form, as a browser does, with optional files. */
async function postApplication(client: TestClient, url: string, fields: Record<string, string>, files: Record<string, File> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, file] of Object.entries(files)) body.append(name, file);
  body.append('_csrf', client.csrfToken);
  return client.request(url, { method: 'POST', body });
}

const pdf = (size = 200) =>
  new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, ...new Array(size).fill(0x20)])], 'budget.pdf', { type: 'application/pdf' });

describe('a call for projects from opening to decision', () => {
  let callId = '';
  const applicationIds: string[] = [];
  const answers = {
    projectTitle: 'Tutorat à distance',
    eqfLevel: '4',
    plannedDurationDays: '120',
    requestedEuros: '4000',
    'answer-q1': 'Un tuteur par apprenti, une visite à mi-parcours.',
    'answer-q2': 'Transport',
  };

  it('only an animator of the network opens a call; a bad form comes back with what was typed', async () => {
    const coach = await signedIn(world.members[0]!.coach);
    assert.equal((await coach.get(`/calls/new?network=${world.network.id}`)).status, 404);

    const animator = await signedIn(world.animator);
    assert.equal(
      (await animator.post('/calls', { ...callFormFields(world.network.id, '2026-11-30T18:00'), budgetEuros: 'beaucoup' })).status,
      400,
    );
    const bad = await animator.post('/calls', {
      ...callFormFields(world.network.id, '2026-11-30T18:00'),
      'criterion-0-weight': '0',
      'field-1-options': 'Transport',
    });
    assert.equal(bad.status, 400);
    const badPage = await bad.text();
    contains(badPage, /class="error-summary"/);
    contains(badPage, /value="Accompagnement pédagogique des mobilités longues"/);
    contains(badPage, /A weight is a whole number from 1 to 100|Un poids est un nombre entier/);
    const past = await animator.post('/calls', callFormFields(world.network.id, '2026-11-01T18:00'));
    assert.equal(past.status, 400);

    const opened = await animator.post('/calls', callFormFields(world.network.id, '2026-11-30T18:00'));
    assert.equal(opened.status, 303);
    callId = opened.headers.get('location')!.split('/')[2]!.split('?')[0]!;
    const [call] = await testApp.db.select().from(networkCalls).where(eq(networkCalls.id, callId));
    assert.deepEqual(call!.eqfLevels, [3, 4, 5]);
    assert.equal(call!.deadline.toISOString(), '2026-11-30T17:00:00.000Z');
    assert.deepEqual(
      call!.formFields.map((field) => [field.kind, field.isRequired]),
      [
        ['long_text', true],
        ['choice', false],
        ['file', false],
      ],
    );
    const page = await (await animator.get(`/calls/${callId}`)).text();
    contains(page, /<strong>mobilités longues<\/strong>/);
    assert.equal(
      (
        await testApp.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.entityId, callId), eq(auditLog.action, 'network_call.opened')))
      ).length,
      1,
    );
  });

  it('member centres apply with drafts and attachments; others never see their applications', async () => {
    const outsider = await signedIn(world.outsiderCoach);
    assert.equal((await outsider.get(`/calls/${callId}`)).status, 404);
    for (const member of world.members) {
      const coach = await signedIn(member.coach);
      const started = await coach.post(`/calls/${callId}/applications`, { organisationId: member.organisation.id });
      assert.equal(started.status, 303);
      applicationIds.push(started.headers.get('location')!.split('/').pop()!);
    }
    const [first, second] = applicationIds;
    const coach = await signedIn(world.members[0]!.coach);
    const url = `/calls/${callId}/applications/${first}`;
    assert.equal(
      (
        await postApplication(
          coach,
          url,
          { ...answers, intent: 'draft' },
          { 'answer-q3': new File(['not a pdf'], 'budget.pdf', { type: 'application/pdf' }) },
        )
      ).status,
      400,
    );
    const tooBig = await postApplication(coach, url, { ...answers, intent: 'draft' }, { 'answer-q3': pdf(1024 * 1024 + 10) });
    assert.equal(tooBig.status, 413);
    contains(await tooBig.text(), /value="Tutorat à distance"/);
    assert.equal((await postApplication(coach, url, { ...answers, intent: 'draft' }, { 'answer-q3': pdf() })).status, 303);
    const [draft] = await testApp.db.select().from(callApplications).where(eq(callApplications.id, first!));
    assert.equal(draft!.status, 'draft');
    assert.equal(draft!.answers['q2'], 'Transport');
    contains(await (await coach.get(url)).text(), /href="[^"]+\/files\/q3">budget\.pdf<\/a>/);

    const otherCoach = await signedIn(world.members[1]!.coach);
    assert.equal((await otherCoach.get(url)).status, 404);
    assert.equal((await otherCoach.get(`${url}/files/q3`)).status, 404);
    const animator = await signedIn(world.animator);
    assert.equal((await animator.get(url)).status, 404, 'a draft is the centre’s own work');

    const ineligible = await postApplication(coach, url, { ...answers, plannedDurationDays: '60', intent: 'submit' });
    assert.equal(ineligible.status, 400);
    contains(await ineligible.text(), /shorter than the call’s minimum|inférieure au minimum/);
    assert.equal((await postApplication(coach, url, { ...answers, intent: 'submit' })).status, 303);
    assert.equal(
      (
        await postApplication(otherCoach, `/calls/${callId}/applications/${second}`, {
          ...answers,
          projectTitle: 'Référent en entreprise',
          requestedEuros: '5000',
          intent: 'submit',
        })
      ).status,
      303,
    );
    assert.equal((await postApplication(coach, url, { ...answers, intent: 'draft' })).status, 409);
    assert.equal((await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'network_application.submitted'))).length, 2);
    assert.equal((await animator.get(url)).status, 200);
  });

  it('reviewers are staff of member centres, never score their own centre, and a declared conflict blocks scoring', async () => {
    const animator = await signedIn(world.animator);
    const refused = await animator.post(`/calls/${callId}/reviewers`, { email: world.outsiderCoach.email! });
    assert.equal(refused.status, 400);
    for (const member of world.members.slice(0, 2))
      assert.equal((await animator.post(`/calls/${callId}/reviewers`, { email: member.teacher.email! })).status, 303);
    assert.equal((await animator.post(`/calls/${callId}/reviewers`, { email: world.members[0]!.teacher.email! })).status, 409);

    const [first, second] = applicationIds;
    const reviewerOne = await signedIn(world.members[0]!.teacher);
    const reviewerTwo = await signedIn(world.members[1]!.teacher);
    contains(
      await (await reviewerOne.get(`/calls/${callId}/applications/${first}`)).text(),
      /your own organisation|votre propre organisation/,
    );
    assert.equal(
      (await reviewerOne.post(`/calls/${callId}/applications/${first}/review`, { 'score-c1': '9', 'score-c2': '9' })).status,
      409,
    );
    assert.equal((await reviewerOne.get(`/calls/${callId}/applications/${applicationIds[2]}`)).status, 404, 'drafts are not reviewed');

    assert.equal(
      (await reviewerOne.post(`/calls/${callId}/applications/${second}/review`, { 'score-c1': '11', 'score-c2': '5' })).status,
      400,
    );
    assert.equal(
      (
        await reviewerOne.post(`/calls/${callId}/applications/${second}/review`, {
          'score-c1': '6',
          'score-c2': '10',
          'comment-c1': 'Solide.',
        })
      ).status,
      303,
    );
    assert.equal(
      (await reviewerTwo.post(`/calls/${callId}/applications/${first}/review`, { 'score-c1': '8', 'score-c2': '4' })).status,
      303,
    );
    assert.equal(
      (
        await reviewerTwo.post(`/calls/${callId}/applications/${second}/review/conflict`, {
          conflictReason: 'Je travaille dans ce centre le mardi.',
        })
      ).status,
      303,
    );
    assert.equal(
      (await reviewerTwo.post(`/calls/${callId}/applications/${second}/review`, { 'score-c1': '10', 'score-c2': '10' })).status,
      409,
    );
  });

  it('the applicant sees neither the reviews nor the ranking, and a late submission is refused', async () => {
    const coach = await signedIn(world.members[0]!.coach);
    const page = await (await coach.get(`/calls/${callId}/applications/${applicationIds[0]}`)).text();
    lacks(page, new RegExp(world.members[1]!.teacher.familyName));
    assert.equal((await coach.get(`/calls/${callId}/ranking`)).status, 404);

    const animator = await signedIn(world.animator);
    assert.equal(
      (
        await animator.post(`/calls/${callId}/decisions`, {
          [`decision-${applicationIds[0]}`]: 'funded',
          [`amount-${applicationIds[0]}`]: '100',
          [`decision-${applicationIds[1]}`]: 'rejected',
        })
      ).status,
      409,
    );

    testApp.clock.advance(8 * 86_400_000);
    const late = await signedIn(world.members[2]!.coach);
    const refused = await postApplication(late, `/calls/${callId}/applications/${applicationIds[2]}`, { ...answers, intent: 'submit' });
    assert.equal(refused.status, 409);
    contains(await refused.text(), /deadline of this call has passed|date limite de cet appel est passée/);
    const [stillDraft] = await testApp.db.select().from(callApplications).where(eq(callApplications.id, applicationIds[2]!));
    assert.equal(stillDraft!.status, 'draft');
  });

  it('the animator ranks by weighted score, cannot exceed the budget, decides once and applicants are emailed', async () => {
    const animator = await signedIn(world.animator);
    const ranking = await (await animator.get(`/calls/${callId}/ranking`)).text();
    // First: (3×8 + 1×4) / 4 = 7; second: (3×6 + 1×10) / 4 = 7 too: ties keep submission order.
    assert.equal(
      weightedScore(
        [
          { id: 'c1', label: '', weight: 3 },
          { id: 'c2', label: '', weight: 1 },
        ],
        { c1: 8, c2: 4 },
      ),
      7,
    );
    contains(ranking, /1 scored, 1 in conflict|1 notée\(s\), 1 en conflit/);
    const [first, second] = applicationIds;
    const overBudget = await animator.post(`/calls/${callId}/decisions`, {
      [`decision-${first}`]: 'funded',
      [`amount-${first}`]: '6000',
      [`decision-${second}`]: 'funded',
      [`amount-${second}`]: '5000',
    });
    assert.equal(overBudget.status, 409);
    contains(await overBudget.text(), /more than the budget|dépassent le budget/);
    const decided = await animator.post(`/calls/${callId}/decisions`, {
      [`decision-${first}`]: 'funded',
      [`amount-${first}`]: '4000',
      [`decision-${second}`]: 'waiting_list',
      [`amount-${second}`]: '',
    });
    assert.equal(decided.status, 303);
    assert.equal(
      (await animator.post(`/calls/${callId}/decisions`, { [`decision-${first}`]: 'rejected', [`decision-${second}`]: 'rejected' })).status,
      409,
    );

    const mails = await testApp.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'network-call-decision:%'));
    assert.deepEqual(mails.map((mail) => mail.toAddress).sort(), [world.members[0]!.coach.email, world.members[1]!.coach.email].sort());
    const funded = mails.find((mail) => mail.toAddress === world.members[0]!.coach.email)!;
    assert.match(funded.textBody, /financé .* pour 4\s000 €/);
    const coach = await signedIn(world.members[0]!.coach);
    contains(await (await coach.get(`/calls/${callId}/applications/${first}`)).text(), /Funded|Financée/);
    assert.equal((await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'network_application.decided'))).length, 2);
  });
});

describe('the demo network’s call', () => {
  it('is opened once by the demo animator, with rules that say its figures are the demo network’s own', async () => {
    await seedDemo(testApp.db);
    assert.equal(await seedNetworkCalls(testApp.db, testApp.clock.now), 1);
    assert.equal(await seedNetworkCalls(testApp.db, testApp.clock.now), 0);
    const [call] = await testApp.db.select().from(networkCalls).where(eq(networkCalls.isDemo, true));
    assert.deepEqual(call!.eqfLevels, [3, 4, 5]);
    assert.equal(call!.minimumDurationDays, 90);
    assert.match(call!.rulesMarkdown, /propres au réseau de démonstration/);
    assert.ok(call!.deadline > testApp.clock.now);
  });
});
