import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq, like } from 'drizzle-orm';
import { auditLog, checkins, incidents, mobilities, outboxMessages, people } from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { signalsTrouble, weekStartOf } from './incidents.service.js';

let testApp: TestApp;
let mobilityId: string;
const world = readDemoWorld();
const person = (key: string) => world.people.find((entry) => entry.key === key)!;
const onCallEmail = 'astreinte@lycee-roanne.example';

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
  // Léa's stay has started: the test clock is Monday 23 November 2026.
  const [learner] = await testApp.db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, person('learner').email));
  const [row] = await testApp.db
    .update(mobilities)
    .set({ status: 'under_way', startDate: '2026-11-16', endDate: '2026-12-18' })
    .where(and(eq(mobilities.participantId, learner!.id), eq(mobilities.activityType, 'vet_short_term')))
    .returning({ id: mobilities.id });
  mobilityId = row!.id;
});
after(async () => {
  await testApp.close();
});

async function signedIn(key: string) {
  const client = new TestClient(testApp);
  const { email, magicLinkOnly } = person(key);
  if (!magicLinkOnly) {
    await client.signIn(email, world.password);
    return client;
  }
  await client.post('/magic-link', { email });
  const [mail] = await testApp.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, email))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  const link = /http:\/\/passerelle\.test(\/magic\/[^\s?]+)/.exec(mail!.textBody)![1]!;
  assert.equal((await client.post(link)).status, 303);
  return client;
}

const mailTo = (address: string, subjectPart: string) =>
  testApp.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.toAddress, address), like(outboxMessages.subject, `%${subjectPart}%`)));

describe('weekly check-ins', () => {
  it('keys a week by its Monday and calls a low score or a wish to talk trouble', () => {
    assert.equal(weekStartOf(new Date('2026-11-29T23:00:00Z')), '2026-11-23');
    assert.equal(weekStartOf(new Date('2026-11-23T00:00:00Z')), '2026-11-23');
    assert.equal(signalsTrouble({ wellbeing: 4, atWork: 4, atHome: 4, wantsToTalk: false }), false);
    assert.equal(signalsTrouble({ wellbeing: 4, atWork: 2, atHome: 4, wantsToTalk: false }), true);
    assert.equal(signalsTrouble({ wellbeing: 5, atWork: 5, atHome: 5, wantsToTalk: true }), true);
  });

  it('a learner signalling trouble alerts her coach at once, answers once a week, and the coach sees it on her home page', async () => {
    const learner = await signedIn('learner');
    const form = await (await learner.get('/checkins')).text();
    assert.match(form, /Comment vas-tu/);
    const invalid = await learner.post('/checkins', { wellbeing: '7', atWork: '3', atHome: '3', message: 'Je garde ce texte' });
    assert.equal(invalid.status, 400);
    const invalidPage = await invalid.text();
    assert.match(invalidPage, /Choisis un nombre de 1 à 5/);
    assert.match(invalidPage, /Je garde ce texte/);

    const sent = await learner.post('/checkins', {
      wellbeing: '2',
      atWork: '3',
      atHome: '4',
      message: 'Mon tuteur crie souvent.',
      wantsToTalk: 'yes',
    });
    assert.equal(sent.status, 303);
    const [mail] = await mailTo(person('coach').email, 'Léa Dubois');
    assert.ok(mail, 'the coach is alerted by email');
    assert.match(mail.textBody, /Moral : 2\/5/);
    assert.match(mail.textBody, /Veut parler à quelqu’un : oui/);
    assert.doesNotMatch(mail.textBody, /crie/, 'the free message stays in the app');

    const again = await learner.post('/checkins', { wellbeing: '4', atWork: '4', atHome: '4' });
    assert.equal(again.status, 409);
    assert.equal((await testApp.db.select().from(checkins).where(eq(checkins.mobilityId, mobilityId))).length, 1);
    const exported = (await (await learner.get('/account/data.json')).json()) as { incidents: { checkins: { message: string }[] } };
    assert.deepEqual(
      exported.incidents.checkins.map((row) => row.message),
      ['Mon tuteur crie souvent.'],
    );

    const coach = await signedIn('coach');
    const home = await (await coach.get('/')).text();
    assert.match(home, /Points à regarder/);
    assert.match(home, /Léa Dubois[\s\S]*veut parler/);
    const history = await (await coach.get(`/mobilities/${mobilityId}/checkins`)).text();
    assert.match(history, /Mon tuteur crie souvent\./);
    const tutor = await signedIn('host-tutor');
    assert.equal((await tutor.get(`/mobilities/${mobilityId}/checkins`)).status, 404);
  });
});

describe('incidents and mediation', () => {
  let incidentId: string;

  it('an organisation admin sets the on-call contact, with the phone number checked', async () => {
    const admin = await signedIn('roanne-admin');
    const [organisationId] = (await (await admin.get('/')).text()).match(/\/organisations\/([0-9a-f-]{36})\/on-call/)!.slice(1);
    const refused = await admin.post(`/organisations/${organisationId}/on-call`, {
      name: 'Astreinte du lycée',
      phone: '12',
      email: onCallEmail,
    });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Astreinte du lycée/);
    assert.equal(
      (
        await admin.post(`/organisations/${organisationId}/on-call`, {
          name: 'Astreinte du lycée',
          phone: '+33 4 77 71 00 00',
          email: onCallEmail,
        })
      ).status,
      303,
    );
    const coach = await signedIn('coach');
    assert.equal((await coach.get(`/organisations/${organisationId}/on-call`)).status, 404);
  });

  it('an urgent incident reported by the host family notifies the coach and the on-call contact at once with the emergency numbers of Germany', async () => {
    const family = await signedIn('host-family');
    const form = await family.get(`/mobilities/${mobilityId}/incidents/new`);
    assert.equal(form.status, 200);
    assert.match(await form.text(), /Einen Vorfall melden/);
    const missing = await family.post(`/mobilities/${mobilityId}/incidents`, {
      category: 'health',
      severity: '',
      description: 'Léa hat hohes Fieber.',
    });
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /Léa hat hohes Fieber\./);

    const reported = await family.post(`/mobilities/${mobilityId}/incidents`, {
      category: 'health',
      severity: 'urgent',
      description: 'Léa hat hohes Fieber und Atemnot.',
    });
    assert.equal(reported.status, 303);
    const location = reported.headers.get('location')!;
    incidentId = /\/incidents\/([0-9a-f-]{36})/.exec(location)![1]!;
    const confirmation = await (await family.get(location)).text();
    assert.match(confirmation, /href="tel:112"/);
    assert.match(confirmation, /href="tel:110"/);
    assert.match(confirmation, /Wird bearbeitet/);
    assert.doesNotMatch(confirmation, /Journal de médiation|Mediation log/, 'the reporter sees the report and its status, not the log');

    for (const address of [person('coach').email, onCallEmail]) {
      const [mail] = await mailTo(address, 'Incident signalé — Léa Dubois');
      assert.ok(mail, `${address} is told at once`);
      assert.match(mail.textBody, /- 112: /);
      assert.match(mail.textBody, /- 110: Police/);
      assert.match(mail.textBody, /Birgit Jensen \(Famille d'accueil\)/);
      assert.match(mail.textBody, new RegExp(`/incidents/${incidentId}`));
    }
  });

  it('the host tutor gets 404 for a report made by the host family', async () => {
    const tutor = await signedIn('host-tutor');
    assert.equal((await tutor.get(`/incidents/${incidentId}`)).status, 404);
    assert.equal((await tutor.post(`/incidents/${incidentId}/log`, { actionTaken: 'Nachgefragt' })).status, 404);
  });

  it('the coach keeps the mediation log and closes it; every read of the minor’s incident is audited', async () => {
    const coach = await signedIn('coach');
    const home = await (await coach.get('/')).text();
    assert.match(home, /Incidents en cours[\s\S]*Urgent — Santé — Léa Dubois/);
    const page = await (await coach.get(`/incidents/${incidentId}`)).text();
    assert.match(page, /Journal de médiation/);
    assert.match(page, /Léa hat hohes Fieber und Atemnot\./);
    assert.equal((await coach.post(`/incidents/${incidentId}/log`, { actionTaken: '' })).status, 400);
    assert.equal(
      (
        await coach.post(`/incidents/${incidentId}/log`, {
          actionTaken: 'Appel à la famille d’accueil, médecin de garde appelé (116117).',
          contacted: 'Birgit Jensen, Sophie Dubois',
          outcome: 'Léa est vue par un médecin ce soir.',
        })
      ).status,
      303,
    );
    const accompanying = await signedIn('accompanying');
    assert.match(await (await accompanying.get(`/incidents/${incidentId}`)).text(), /Léa est vue par un médecin ce soir\./);
    assert.equal(
      (await accompanying.post(`/incidents/${incidentId}/close`, { resolution: 'Fin' })).status,
      404,
      'only the sending organisation closes',
    );

    assert.equal(
      (await coach.post(`/incidents/${incidentId}/close`, { resolution: 'Angine soignée, Léa a repris le travail lundi.' })).status,
      303,
    );
    assert.equal((await coach.post(`/incidents/${incidentId}/log`, { actionTaken: 'Encore' })).status, 409);
    const [stored] = await testApp.db.select().from(incidents).where(eq(incidents.id, incidentId));
    assert.equal(stored!.status, 'closed');
    const family = await signedIn('host-family');
    assert.match(await (await family.get(`/incidents/${incidentId}`)).text(), /Abgeschlossen/);

    const reads = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'incident.minor_data_viewed'), eq(auditLog.entityId, incidentId)));
    assert.ok(reads.length >= 4, `every read is audited (${reads.length})`);
    const changes = await testApp.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, incidentId));
    for (const action of ['incident.reported', 'incident.log_entry_added', 'incident.closed'])
      assert.ok(
        changes.some((row) => row.action === action),
        action,
      );
  });
});
