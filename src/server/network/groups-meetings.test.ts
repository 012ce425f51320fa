import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, like } from 'drizzle-orm';
import { auditLog, meetingRegistrations, outboxMessages } from '../db/schema/index.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { buildNetworkWithMembers } from '../testing/network-factories.js';

let testApp: TestApp;
let world: Awaited<ReturnType<typeof buildNetworkWithMembers>>;
before(async () => {
  testApp = await createTestApp();
  world = await buildNetworkWithMembers(testApp.db, 2);
});
after(async () => {
  await testApp?.close();
});

const contains = (text: string, pattern: RegExp) => assert.ok(pattern.test(text), `missing ${pattern}`);

async function signedIn(person: { email: string | null }) {
  const client = new TestClient(testApp);
  await client.signIn(person.email!);
  return client;
}

const idFrom = (response: Response) => response.headers.get('location')!.split('?')[0]!.split('/').pop()!;

describe('working groups of a network', () => {
  it('the animator creates a group, member staff join, discuss and get emails unless they opt out; outsiders get 404', async () => {
    const space = `network:${world.network.id}`;
    const coach = await signedIn(world.members[0]!.coach);
    assert.equal((await coach.get(`/working-groups/new?space=${space}`)).status, 404);
    const animator = await signedIn(world.animator);
    assert.equal((await animator.post('/working-groups', { space, name: '', description: 'x' })).status, 400);
    const created = await animator.post('/working-groups', {
      space,
      name: 'Mobilités longues niveaux 3 et 4',
      description: 'Outils pour préparer les apprentis.',
    });
    assert.equal(created.status, 303);
    const groupId = idFrom(created);

    const outsider = await signedIn(world.outsiderCoach);
    assert.equal((await outsider.get(`/working-groups/${groupId}`)).status, 404);
    assert.equal((await outsider.post(`/working-groups/${groupId}/join`)).status, 404);

    const teacher = await signedIn(world.members[1]!.teacher);
    for (const client of [coach, teacher]) assert.equal((await client.post(`/working-groups/${groupId}/join`)).status, 303);
    assert.equal((await teacher.post(`/working-groups/${groupId}/notifications`, { isNotified: 'no' })).status, 303);

    const thread = await coach.post(`/working-groups/${groupId}/threads`, {
      title: 'Livret de suivi',
      body: 'Qui a un modèle de livret de suivi à partager ?',
    });
    assert.equal(thread.status, 303);
    const threadId = idFrom(thread);
    assert.equal(
      (await animator.post(`/working-groups/${groupId}/threads/${threadId}`, { body: 'Oui, je le dépose dans les documents.' })).status,
      303,
    );
    contains(await (await coach.get(`/working-groups/${groupId}/threads/${threadId}`)).text(), /je le dépose dans les documents/);
    assert.equal((await outsider.get(`/working-groups/${groupId}/threads/${threadId}`)).status, 404);

    const mails = await testApp.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'working-group-post:%'));
    assert.deepEqual(
      mails.map((mail) => mail.toAddress).sort(),
      [world.animator.email, world.members[0]!.coach.email].sort(),
      'the teacher opted out, authors are not emailed',
    );
    assert.match(
      mails.find((mail) => mail.toAddress === world.animator.email)!.subject,
      /\[Mobilités longues niveaux 3 et 4\] Livret de suivi/,
    );

    const upload = new FormData();
    upload.append('title', 'Modèle de livret');
    upload.append('file', new File([new Uint8Array(2 * 1024 * 1024 - 4096)], 'livret.pdf', { type: 'application/pdf' }));
    upload.append('_csrf', animator.csrfToken);
    assert.equal((await animator.request(`/working-groups/${groupId}/documents`, { method: 'POST', body: upload })).status, 413);
    const good = new FormData();
    good.append('title', 'Modèle de livret');
    good.append('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], 'livret.pdf', { type: 'application/pdf' }));
    good.append('_csrf', animator.csrfToken);
    assert.equal((await animator.request(`/working-groups/${groupId}/documents`, { method: 'POST', body: good })).status, 303);
    const page = await (await coach.get(`/working-groups/${groupId}`)).text();
    const documentPath = /href="(\/working-groups\/[^"]+\/documents\/[^"]+)"/.exec(page)![1]!;
    assert.equal((await coach.get(documentPath)).status, 200);
    assert.equal((await outsider.get(documentPath)).status, 404);
    assert.equal((await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'working_group.message_posted'))).length, 2);
  });
});

describe('meetings of a network', () => {
  it('the animator plans a steering committee; staff register and get an ICS invite; attendance and minutes come after it starts', async () => {
    const space = `network:${world.network.id}`;
    const animator = await signedIn(world.animator);
    const meeting = {
      space,
      kind: 'steering_committee',
      title: 'Comité de pilotage de décembre',
      startsAt: '2026-12-10T09:30',
      endsAt: '2026-12-10T17:00',
      place: 'Paris',
      onlineUrl: '',
      agendaMarkdown: '1. Point sur les **groupes de travail**',
    };
    const bad = await animator.post('/meetings', { ...meeting, endsAt: '2026-12-10T08:00', place: '' });
    assert.equal(bad.status, 400);
    contains(await bad.text(), /value="Comité de pilotage de décembre"/);
    const created = await animator.post('/meetings', meeting);
    assert.equal(created.status, 303);
    const meetingId = idFrom(created);

    const coach = await signedIn(world.members[0]!.coach);
    assert.equal((await coach.post(`/meetings/${meetingId}/register`)).status, 303);
    const coachPage = await (await coach.get(`/meetings/${meetingId}`)).text();
    contains(coachPage, /<strong>groupes de travail<\/strong>/);
    assert.ok(!coachPage.includes(world.members[0]!.coach.familyName), 'only organisers see who registered');
    const invite = await coach.get(`/meetings/${meetingId}/invite.ics`);
    assert.equal(invite.headers.get('content-type'), 'text/calendar; charset=utf-8');
    const ics = await invite.text();
    contains(ics, /DTSTART:20261210T083000Z/);
    contains(ics, /SUMMARY:Comité de pilotage de décembre/);
    assert.equal((await (await signedIn(world.outsiderCoach)).get(`/meetings/${meetingId}/invite.ics`)).status, 404);

    assert.equal((await animator.post(`/meetings/${meetingId}/attendance`, { present: world.members[0]!.coach.id })).status, 409);
    testApp.clock.advance(18 * 86_400_000);
    const [coachLater, animatorLater] = [await signedIn(world.members[0]!.coach), await signedIn(world.animator)];
    assert.equal((await coachLater.post(`/meetings/${meetingId}/unregister`)).status, 409);
    assert.equal((await coachLater.post(`/meetings/${meetingId}/attendance`, { present: world.members[0]!.coach.id })).status, 404);
    assert.equal((await animatorLater.post(`/meetings/${meetingId}/attendance`, { present: world.members[0]!.coach.id })).status, 303);
    const [registration] = await testApp.db.select().from(meetingRegistrations).where(eq(meetingRegistrations.meetingId, meetingId));
    assert.equal(registration!.hasAttended, true);
    assert.equal(
      (await animatorLater.post(`/meetings/${meetingId}/minutes`, { minutesMarkdown: 'Les référents ont présenté leurs **pratiques**.' }))
        .status,
      303,
    );
    contains(await (await coachLater.get(`/meetings/${meetingId}`)).text(), /<strong>pratiques<\/strong>/);
  });
});
