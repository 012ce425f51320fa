import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { mobilities, mobilityItineraries, organisations, people } from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
const world = readDemoWorld();

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
});
after(async () => {
  await testApp.close();
});

async function coachClient() {
  const client = new TestClient(testApp);
  await client.post('/login', { email: world.people.find((person) => person.key === 'coach-lyon')!.email, password: world.password });
  return client;
}

const idOf = async (table: typeof organisations, name: string) => (await testApp.db.select({ id: table.id }).from(table).where(eq(table.legalName, name)))[0]!.id;

describe('grant projects', () => {
  it('creates a project with a valid Erasmus+ code and refuses a malformed or duplicate one', async () => {
    const coach = await coachClient();
    const beneficiaryId = await idOf(organisations, 'CFA Transport Logistique Lyon');
    const fields = { code: '2026-1-FR01-KA122-VET-000987654', title: 'Mobilités courtes 2026', keyAction: 'KA122', field: 'VET', beneficiaryId, startDate: '2026-09-01', endDate: '2028-02-28' };
    const malformed = await coach.post('/projects', { ...fields, code: '2026-FR01-KA122' });
    assert.equal(malformed.status, 400);
    const html = await malformed.text();
    assert.match(html, /value="2026-FR01-KA122"/);
    assert.match(html, /2024-1-FR01-KA121-VET-000123456/);
    const created = await coach.post('/projects', fields);
    assert.equal(created.status, 303);
    const duplicate = await coach.post('/projects', { ...fields, title: 'Again' });
    assert.equal(duplicate.status, 409);
    const projectPath = created.headers.get('location')!.split('?')[0]!;
    const page = await (await coach.get(projectPath)).text();
    assert.match(page, /2026-1-FR01-KA122-VET-000987654/);
    const otherSchoolCoach = new TestClient(testApp);
    await otherSchoolCoach.post('/login', { email: world.people.find((person) => person.key === 'coach-seynod')!.email, password: world.password });
    assert.equal((await otherSchoolCoach.get(projectPath)).status, 404);
  });

  it('places a learner with a host: distance band computed and EU rules checked on the mobility page', async () => {
    const coach = await coachClient();
    const beneficiaryId = await idOf(organisations, 'CFA Transport Logistique Lyon');
    const created = await coach.post('/projects', { code: '2026-1-FR01-KA122-VET-000555111', title: 'Placement test', keyAction: 'KA122', field: 'VET', beneficiaryId, startDate: '2026-09-01', endDate: '2028-02-28' });
    const projectPath = created.headers.get('location')!.split('?')[0]!;
    const [learner] = await testApp.db.select({ id: people.id }).from(people).where(eq(people.email, 'theo.garnier@apprenti-lyon.example'));
    const hostId = await idOf(organisations, 'Nordhafen Logistik GmbH');
    const form = { sendingOrganisationId: beneficiaryId, participantId: learner!.id, activityType: 'vet_short_term', hostOrganisationId: hostId, startDate: '2027-03-01', endDate: '2027-03-05', travelDays: '3', mainTransport: 'plane', eqfLevel: '4', qualificationTitle: 'Bac pro Logistique', iscedField: '1041' };
    const bad = await coach.post(`${projectPath}/mobilities`, { ...form, endDate: '2027-02-01' });
    assert.equal(bad.status, 400);
    const made = await coach.post(`${projectPath}/mobilities`, form);
    assert.equal(made.status, 303);
    const mobilityPath = made.headers.get('location')!.split('?')[0]!;
    const mobilityId = mobilityPath.split('/').pop()!;
    const [row] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
    assert.equal(row!.status, 'draft');
    assert.equal(row!.distanceBand, '500-1999');
    const [itinerary] = await testApp.db.select().from(mobilityItineraries).where(eq(mobilityItineraries.mobilityId, mobilityId));
    assert.equal(itinerary!.city, 'Flensburg');
    const page = await (await coach.get(mobilityPath)).text();
    assert.match(page, /Contrôles des règles de déclaration UE/);
    assert.match(page, /Erreur/, 'a 5-day short-term mobility and 3 travel days without green travel are errors');
  });
});
