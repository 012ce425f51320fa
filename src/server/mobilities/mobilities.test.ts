import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, mobilities, organisations, outboxMessages, people } from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
const world = readDemoWorld();
const emailOf = (key: string) => world.people.find((person) => person.key === key)!.email;

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
});
after(async () => {
  await testApp.close();
});

async function signedIn(key: string) {
  const client = new TestClient(testApp);
  const person = world.people.find((entry) => entry.key === key)!;
  if (!person.magicLinkOnly) {
    await client.post('/login', { email: person.email, password: world.password });
    return client;
  }
  await client.post('/magic-link', { email: person.email });
  const [mail] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, person.email)).orderBy(desc(outboxMessages.createdAt)).limit(1);
  const link = mail!.textBody.match(/http:\/\/passerelle\.test(\/magic\/[^\s?]+)/)![1]!;
  assert.equal((await client.post(link)).status, 303);
  return client;
}

async function mobilityOf(personKey: string) {
  const [row] = await testApp.db.select({ id: mobilities.id }).from(mobilities).innerJoin(people, eq(people.id, mobilities.participantId)).where(eq(people.email, emailOf(personKey)));
  return row!.id;
}

describe('confirming a minor’s mobility', () => {
  it('refuses confirmation and says exactly what is missing, then confirms once it is complete', async () => {
    const coach = await signedIn('coach');
    const mobilityId = await mobilityOf('learner');
    const page = await (await coach.get(`/mobilities/${mobilityId}`)).text();
    assert.match(page, /Mineur au départ/);
    assert.match(page, /consentement du représentant légal : à la mobilité/);
    assert.match(page, /Deux contacts d&#39;urgence différents côté envoi \(0 pour l&#39;instant\)/);
    const refused = await coach.post(`/mobilities/${mobilityId}/transitions/confirm`);
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /ne peut pas encore être confirmée/);

    const guardian = world.people.find((person) => person.key === 'guardian')!;
    const [guardianRow] = await testApp.db.select({ id: people.id }).from(people).where(eq(people.email, guardian.email));
    const invalid = await coach.post(`/mobilities/${mobilityId}/consents`, { guardianId: guardianRow!.id, kind: 'mobility', method: 'online', givenOn: 'yesterday' });
    assert.equal(invalid.status, 400);
    for (const kind of ['mobility', 'travel', 'emergency_medical_care']) {
      assert.equal((await coach.post(`/mobilities/${mobilityId}/consents`, { guardianId: guardianRow!.id, kind, method: 'signed_paper', givenOn: '2026-11-20' })).status, 303);
    }
    const contacts = [
      ['sending', 'Sophie Dubois', '+33 6 00 00 00 02'],
      ['sending', 'Camille Martin', '+33 4 77 00 00 01'],
      ['host', 'Katrin Petersen', '+49 461 000000'],
    ];
    for (const [side, name, phone] of contacts) assert.equal((await coach.post(`/mobilities/${mobilityId}/contacts`, { side: side!, name: name!, phone: phone! })).status, 303);
    const stillMissing = await coach.post(`/mobilities/${mobilityId}/transitions/confirm`);
    assert.equal(stillMissing.status, 409);
    assert.match(await stillMissing.text(), /côté accueil \(1 pour l&#39;instant\)/);
    await coach.post(`/mobilities/${mobilityId}/contacts`, { side: 'host', name: 'Birgit Jensen', phone: '+49 461 000001', relationship: 'Famille d’accueil' });
    assert.equal((await coach.post(`/mobilities/${mobilityId}/transitions/confirm`)).status, 303);
    const [row] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
    assert.equal(row!.status, 'confirmed');
    const audit = await testApp.db.select().from(auditLog).where(and(eq(auditLog.entityId, mobilityId), eq(auditLog.action, 'mobility.confirm')));
    assert.equal(audit.length, 1);
    assert.equal((await coach.post(`/mobilities/${mobilityId}/transitions/confirm`)).status, 409);
    const withdrawWithoutReason = await coach.post(`/mobilities/${mobilityId}/transitions/withdraw`, { reason: '' });
    assert.equal(withdrawWithoutReason.status, 400);
  });
});

describe('who sees a mobility', () => {
  it('gives another organisation’s coach 404 and an empty list', async () => {
    const otherCoach = await signedIn('coach-seynod');
    const mobilityId = await mobilityOf('learner');
    assert.equal((await otherCoach.get(`/mobilities/${mobilityId}`)).status, 404);
    assert.equal((await otherCoach.post(`/mobilities/${mobilityId}/transitions/withdraw`, { reason: 'x' })).status, 404);
    const list = await (await otherCoach.get('/mobilities')).text();
    assert.doesNotMatch(list, /Dubois/);
    assert.match(list, /Fontaine/);
  });

  it('shows a host tutor only the mobilities where they are the tutor', async () => {
    const tutor = await signedIn('host-tutor');
    const list = await (await tutor.get('/mobilities')).text();
    assert.match(list, /Dubois Léa/);
    assert.doesNotMatch(list, /Girard|Fontaine|Diallo/);
    assert.equal((await tutor.get(`/mobilities/${await mobilityOf('learner-7')}`)).status, 404);
    const page = await (await tutor.get(`/mobilities/${await mobilityOf('learner')}`)).text();
    assert.doesNotMatch(page, /Asthme/);
  });

  it('hides a minor’s health needs from the host family but shows the shared diet', async () => {
    const family = await signedIn('host-family');
    const page = await (await family.get(`/mobilities/${await mobilityOf('learner')}`)).text();
    assert.match(page, /Allergie aux arachides/);
    assert.doesNotMatch(page, /Asthme/);
    const guardian = await signedIn('guardian');
    const guardianPage = await (await guardian.get(`/mobilities/${await mobilityOf('learner')}`)).text();
    assert.match(guardianPage, /Asthme/);
    assert.equal((await guardian.get(`/mobilities/${await mobilityOf('learner-2')}`)).status, 404);
  });

  it('records every opening of a minor’s mobility by someone other than the minor', async () => {
    const accompanying = await signedIn('accompanying');
    const mobilityId = await mobilityOf('learner');
    assert.equal((await accompanying.get(`/mobilities/${mobilityId}`)).status, 200);
    const rows = await testApp.db.select().from(auditLog).where(and(eq(auditLog.entityId, mobilityId), eq(auditLog.action, 'mobility.minor_data_viewed')));
    const [thomas] = await testApp.db.select({ id: people.id }).from(people).where(eq(people.email, emailOf('accompanying')));
    assert.ok(rows.some((row) => row.actorId === thomas!.id));
  });
});

describe('the mobility list', () => {
  it('filters by minor status, country, status and activity, and counts', async () => {
    const admin = await signedIn('admin');
    const all = await (await admin.get('/mobilities')).text();
    assert.match(all, new RegExp(`${world.mobilities.length} résultat`));
    const minorsInGermany = await (await admin.get('/mobilities?minor=yes&country=DE')).text();
    assert.match(minorsInGermany, /Dubois Léa/);
    assert.doesNotMatch(minorsInGermany, /Fontaine|Leroy/);
    const erasmusPro = await (await admin.get('/mobilities?activity=erasmus_pro&status=under_way')).text();
    assert.match(erasmusPro, /2 résultat/);
    const ignoredBadFilter = await admin.get('/mobilities?status=nonsense&from=yesterday');
    assert.equal(ignoredBadFilter.status, 200);
  });
});

describe('mobilities in the JSON API', () => {
  it('lists only visible mobilities and documents the endpoints', async () => {
    const coach = await signedIn('coach-seynod');
    const created = await coach.post('/account/tokens', { name: 'export' });
    const token = (await created.text()).match(/psl_[A-Za-z0-9_-]{40,}/)![0];
    const response = await testApp.app.request('http://passerelle.test/api/v1/mobilities?activity=vet_short_term', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { total: number; items: { participant: { familyName: string } }[] };
    assert.deepEqual(body.items.map((item) => item.participant.familyName).sort(), ['Fontaine', 'Marchand']);
    const hidden = await testApp.app.request(`http://passerelle.test/api/v1/mobilities/${await mobilityOf('learner')}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(hidden.status, 404);
    const own = await testApp.app.request(`http://passerelle.test/api/v1/mobilities/${await mobilityOf('learner-4')}`, { headers: { authorization: `Bearer ${token}` } });
    const detail = (await own.json()) as { preValidation: { ruleId: string }[]; hasFewerOpportunities: boolean };
    assert.equal(detail.hasFewerOpportunities, true);
    const document = (await (await testApp.app.request('http://passerelle.test/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    assert.ok(document.paths['/api/v1/mobilities/{id}']);
    assert.ok(document.paths['/api/v1/projects']);
  });
});

describe('editing a mobility', () => {
  it('sets the tutor and host family, refuses a tutor from another company, and shares the diet only when asked', async () => {
    const coach = await signedIn('coach');
    const mobilityId = await mobilityOf('learner-2');
    const [family] = await testApp.db.select({ id: people.id }).from(people).where(eq(people.email, emailOf('host-family')));
    const [wrongTutor] = await testApp.db.select({ id: people.id }).from(people).where(eq(people.email, emailOf('host-tutor')));
    const fields = { startDate: '2027-03-01', endDate: '2027-03-29', tutorId: '', hostFamilyId: family!.id, travelDays: '2', interruptionDays: '0', mainTransport: 'bus', isGreenTravel: 'on' };
    const refused = await coach.post(`/mobilities/${mobilityId}/edit`, { ...fields, tutorId: wrongTutor!.id });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /value="2027-03-29"/);
    assert.equal((await coach.post(`/mobilities/${mobilityId}/edit`, fields)).status, 303);
    const [row] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
    assert.equal(row!.endDate, '2027-03-29');
    assert.equal(row!.hostFamilyId, family!.id);
    await coach.post(`/mobilities/${mobilityId}/needs`, { health: 'Diabète de type 1', diet: 'Sans sucre ajouté' });
    const familyClient = await signedIn('host-family');
    const hidden = await (await familyClient.get(`/mobilities/${mobilityId}`)).text();
    assert.doesNotMatch(hidden, /Diabète|Sans sucre/);
    await coach.post(`/mobilities/${mobilityId}/needs`, { health: 'Diabète de type 1', diet: 'Sans sucre ajouté', isDietSharedWithHostFamily: 'on' });
    const shared = await (await familyClient.get(`/mobilities/${mobilityId}`)).text();
    assert.match(shared, /Sans sucre ajouté/);
    assert.doesNotMatch(shared, /Diabète/);
    assert.equal((await familyClient.post(`/mobilities/${mobilityId}/edit`, fields)).status, 404);
  });
});

describe('the host side', () => {
  it('lets the host contact keep the company profile, shows it to the coaches placing learners there, and keeps family vetting to coaches', async () => {
    const [host] = await testApp.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.legalName, 'Nordhafen Logistik GmbH'));
    const contact = await signedIn('host-contact');
    const form = await contact.get(`/hosts/${host!.id}`);
    assert.match(await form.text(), /<html lang="de">/);
    const invalid = await contact.post(`/hosts/${host!.id}`, { naceCode: 'warehouse', trades: 'Lager, Kommissionierung' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /value="Lager, Kommissionierung"/);
    assert.equal((await contact.post(`/hosts/${host!.id}`, { naceCode: 'H52.10', trades: 'Lager, Kommissionierung', acceptsMinors: 'on', minimumAge: '16', capacity: '3', hasSafetyInduction: 'on', providesPpe: 'on' })).status, 303);
    const coach = await signedIn('coach');
    const coachView = await coach.get(`/hosts/${host!.id}`);
    assert.equal(coachView.status, 200);
    const coachHtml = await coachView.text();
    assert.match(coachHtml, /H52\.10/);
    assert.doesNotMatch(coachHtml, /name="naceCode"/, 'read-only for the sending coach');
    assert.equal((await coach.post(`/hosts/${host!.id}`, { naceCode: 'H52.10' })).status, 404);
    const stranger = await signedIn('coach-seynod');
    assert.equal((await stranger.get(`/hosts/${host!.id}`)).status, 404);

    const mobilityId = await mobilityOf('learner');
    assert.equal((await coach.post(`/hosts/family-vetting/${mobilityId}`, { address: 'Norderstraße 12, Flensburg', household: 'Zwei Erwachsene, ein Kind (10)', vettedOn: '2026-10-14', notes: 'Zimmer mit Fenster, Schreibtisch' })).status, 303);
    assert.match(await (await coach.get(`/mobilities/${mobilityId}`)).text(), /Norderstraße 12/);
    const family = await signedIn('host-family');
    assert.doesNotMatch(await (await family.get(`/mobilities/${mobilityId}`)).text(), /Norderstraße 12|Zimmer mit Fenster/);
    assert.equal((await family.post(`/hosts/family-vetting/${mobilityId}`, { notes: 'x' })).status, 404);
  });
});

describe('the consortium view', () => {
  it('shows the coordinator the consortium’s projects and mobilities per member school', async () => {
    const coordinator = await signedIn('coordinator');
    const list = await (await coordinator.get('/consortia')).text();
    const consortiumPath = list.match(/href="(\/consortia\/[0-9a-f-]{36})">Consortium EFP/)![1]!;
    const page = await (await coordinator.get(consortiumPath)).text();
    assert.match(page, /2025-1-FR01-KA121-VET-000234567/);
    assert.match(page, /Mobilités par organisme membre et par statut/);
    assert.match(page, /Lycée professionnel du Lac, Seynod<\/th><td>/);
  });
});

describe('accompanying persons', () => {
  it('links the accompanying teacher to learners of the same project and school only', async () => {
    const coach = await signedIn('coach');
    const accompanyingId = await mobilityOf('accompanying');
    const page = await (await coach.get(`/mobilities/${accompanyingId}`)).text();
    assert.match(page, /Apprenants accompagnés/);
    const lea = await mobilityOf('learner');
    const mathis = await mobilityOf('learner-2');
    assert.equal((await coach.post(`/mobilities/${accompanyingId}/accompanied`, { learnerMobilityIds: [lea, mathis] })).status, 303);
    const other = await mobilityOf('learner-3');
    assert.equal((await coach.post(`/mobilities/${accompanyingId}/accompanied`, { learnerMobilityIds: [other] })).status, 400);
    const api = await coach.get(`/mobilities/${accompanyingId}`);
    assert.match(await api.text(), new RegExp(`value="${mathis}" checked`));
  });
});

describe('grant estimate from the organisation’s own rates', () => {
  it('keeps a mistyped rate table as typed, then estimates the mobility from the saved rates', async () => {
    const coach = await signedIn('coach');
    const mobilityId = await mobilityOf('learner');
    const [mobility] = await testApp.db.select({ organisationId: mobilities.sendingOrganisationId }).from(mobilities).where(eq(mobilities.id, mobilityId));
    const ratesUrl = `/organisations/${mobility!.organisationId}/grant-rates`;
    await testApp.db.update(mobilities).set({ startDate: '2027-03-01', endDate: '2027-03-14', travelDays: 2, isGreenTravel: false, interruptionDays: 0, distanceBand: '500-1999' }).where(eq(mobilities.id, mobilityId));

    const before = await (await coach.get(`/mobilities/${mobilityId}`)).text();
    assert.match(before, /Le taux journalier de ce groupe de pays n&#39;est pas encore saisi/);

    const mistyped = await coach.post(ratesUrl, { 'daily_first:learner:2': '60', 'daily_long:learner:2': 'soixante', 'travel_standard:500-1999': '300' });
    assert.equal(mistyped.status, 400);
    const mistypedPage = await mistyped.text();
    assert.match(mistypedPage, /Saisissez un montant en euros/);
    assert.match(mistypedPage, /value="soixante"/);
    // The error summary's link reaches the mistyped field.
    assert.match(mistypedPage, /href="#field-daily_long:learner:2"/);
    assert.match(mistypedPage, /id="field-daily_long:learner:2"/);
    assert.equal((await coach.post(ratesUrl, { 'daily_first:learner:2': '60', 'daily_long:learner:2': '42,00', 'travel_standard:500-1999': '300' })).status, 303);

    // 14 activity days and 2 funded travel days: 14 × 60 € + 2 × 42 € of individual support, 300 € of travel.
    const page = await (await coach.get(`/mobilities/${mobilityId}`)).text();
    assert.match(page, /Subvention estimée/);
    assert.match(page, /1\s224,00\s€/u);
    assert.match(page, /16 jours financés aux taux du groupe 2/);

    const otherCoach = await signedIn('coach-seynod');
    assert.equal((await otherCoach.get(ratesUrl)).status, 404);
    assert.equal((await otherCoach.post(ratesUrl, { 'daily_first:learner:2': '1' })).status, 404);
    const learner = await signedIn('learner');
    assert.doesNotMatch(await (await learner.get(`/mobilities/${mobilityId}`)).text(), /Subvention estimée/);
  });

  it('lets the coach set the placement language and CEFR level', async () => {
    const coach = await signedIn('coach');
    const mobilityId = await mobilityOf('learner');
    const [before] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
    const response = await coach.post(`/mobilities/${mobilityId}/edit`, {
      startDate: before!.startDate!,
      endDate: before!.endDate!,
      travelDays: String(before!.travelDays),
      interruptionDays: '0',
      placementLanguage: 'de',
      cefrLevel: 'A2',
    });
    assert.equal(response.status, 303);
    const [after] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
    assert.equal(after!.placementLanguage, 'de');
    assert.equal(after!.cefrLevel, 'A2');
    assert.equal((await coach.post(`/mobilities/${mobilityId}/edit`, { startDate: before!.startDate!, endDate: before!.endDate!, travelDays: '0', interruptionDays: '0', cefrLevel: 'D1' })).status, 400);
  });
});
