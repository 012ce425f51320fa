import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { grantProjects, mobilities, offerApplications, organisations, outboxMessages, people } from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { weightedScore, defaultCriteriaWeights } from './offers.service.js';
import { buildPerson } from '../testing/factories.js';
import { testPassword } from '../testing/test-app.js';

let testApp: TestApp;
const world = readDemoWorld();
const person = (key: string) => world.people.find((entry) => entry.key === key)!;

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
});
after(async () => {
  await testApp.close();
});

const extraLearnerEmail = 'nour.belkacem@apprenti-lyon.example';

async function signedIn(key: string) {
  const client = new TestClient(testApp);
  const response = await client.post('/login', key === 'extra' ? { email: extraLearnerEmail, password: testPassword } : { email: person(key).email, password: world.password });
  assert.equal(response.status, 303, key);
  return client;
}

async function lastMailTo(address: string) {
  const [row] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address)).orderBy(desc(outboxMessages.createdAt)).limit(1);
  return row;
}

describe('offers, applications and selection', () => {
  it('weights the marks: fewer opportunities counts as a priority criterion', () => {
    assert.equal(weightedScore({ motivation: 5, language: 5, maturity: 5, fewer_opportunities: 5 }, defaultCriteriaWeights), 100);
    assert.equal(weightedScore({ motivation: 5, language: 0, maturity: 0, fewer_opportunities: 0 }, defaultCriteriaWeights), 40);
    assert.equal(weightedScore({ motivation: 5 }, defaultCriteriaWeights), null);
  });

  it('runs from the offer to a selected mobility and a waiting list, with emails in each person’s language', async () => {
    const db = testApp.db;
    const [lyon] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.legalName, 'CFA Transport Logistique Lyon'));
    const [project] = await db.select({ id: grantProjects.id }).from(grantProjects).where(eq(grantProjects.code, '2025-1-FR01-KA121-VET-000345678'));
    const [host] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.legalName, 'Transportes Turia S.L.'));
    const coach = await signedIn('coach-lyon');
    const offerFields = { organisationId: lyon!.id, projectId: project!.id, hostOrganisationId: host!.id, activityType: 'vet_short_term', title: 'Entrepôt portuaire à Valencia', destinationCity: 'Valencia', destinationCountry: 'ES', startDate: '2027-04-05', endDate: '2027-05-02', places: '1', deadline: '2026-12-15', eligibility: 'Apprentis en 2e année', costsCovered: 'Voyage, logement, assurance' };
    const invalidOffer = await coach.post('/offers', { ...offerFields, destinationCountry: 'Spain' });
    assert.equal(invalidOffer.status, 400);
    const published = await coach.post('/offers', offerFields);
    assert.equal(published.status, 303);
    const offerPath = published.headers.get('location')!.split('?')[0]!;

    await buildPerson(db, { givenName: 'Nour', familyName: 'Belkacem', email: extraLearnerEmail, birthDate: '2006-02-02', roles: [[lyon!.id, 'learner']] });
    // Three learners of the centre apply; one names her employer, who answers in Spanish.
    await db.update(people).set({ preferredLanguage: 'en' }).where(eq(people.email, person('learner-8').email));
    const applicants = ['learner-7', 'learner-8', 'extra'] as const;
    for (const key of applicants) {
      const learner = await signedIn(key);
      const tooShort = await learner.post(`${offerPath}/apply`, { motivation: 'Short', languageLevel: 'B1' });
      assert.equal(tooShort.status, 400);
      assert.match(await tooShort.text(), /Short/);
      const fields = { motivation: `Je veux découvrir la logistique portuaire et progresser en espagnol (${key}).`, languageLevel: 'B1', employerName: key === 'learner-7' ? 'Transports Rhône SA' : '', employerEmail: key === 'learner-7' ? 'rh@transports-rhone.example' : '', employerLanguage: 'es' };
      assert.equal((await learner.post(`${offerPath}/apply`, fields)).status, 303, key);
      assert.equal((await learner.post(`${offerPath}/apply`, fields)).status, 409);
    }
    const otherSchoolLearner = await signedIn('learner-3');
    assert.equal((await otherSchoolLearner.get(offerPath)).status, 404);

    const employerMail = await lastMailTo('rh@transports-rhone.example');
    assert.equal(employerMail!.language, 'es');
    assert.match(employerMail!.subject, /le pide su conformidad/);
    const employerLink = employerMail!.textBody.match(/http:\/\/passerelle\.test(\/employer-approval\/[^\s?]+)/)![1]!;

    const applications = await db.select().from(offerApplications);
    const emailOf = (key: string) => (key === 'extra' ? extraLearnerEmail : person(key).email);
    const idOf = async (key: string) => {
      const [row] = await db.select({ id: people.id }).from(people).where(eq(people.email, emailOf(key)));
      return applications.find((application) => application.learnerId === row!.id)!.id;
    };
    const marks = { 'learner-7': [5, 4, 4, 5], 'learner-8': [4, 4, 4, 2], extra: [2, 3, 3, 0] } as const;
    for (const key of applicants) {
      const [motivation, language, maturity, fewer] = marks[key];
      assert.equal((await coach.post(`${offerPath}/applications/${await idOf(key)}/score`, { motivation: String(motivation), language: String(language), maturity: String(maturity), fewer_opportunities: String(fewer) })).status, 303);
    }
    const ranking = await (await coach.get(`${offerPath}/applications`)).text();
    const order = ['Diallo', 'Garnier', 'Belkacem'].map((name) => ranking.indexOf(name));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'ranked by weighted score');

    const tooEarly = await coach.post(`${offerPath}/applications/${await idOf('learner-7')}/decide`, { decision: 'selected' });
    assert.equal(tooEarly.status, 409, 'the employer has not agreed yet');
    const employer = new TestClient(testApp);
    const approvalPage = await employer.get(`${employerLink}?lang=es`);
    assert.match(await approvalPage.text(), /<html lang="es">/);
    assert.equal((await employer.post(employerLink, { decision: 'approved' })).status, 303);
    assert.equal((await employer.post(employerLink, { decision: 'refused' })).status, 410);

    assert.equal((await coach.post(`${offerPath}/applications/${await idOf('learner-7')}/decide`, { decision: 'selected' })).status, 303);
    assert.equal((await coach.post(`${offerPath}/applications/${await idOf('learner-8')}/decide`, { decision: 'waiting_list' })).status, 303);
    assert.equal((await coach.post(`${offerPath}/applications/${await idOf('extra')}/decide`, { decision: 'rejected' })).status, 303);

    const [selected] = await db.select().from(offerApplications).where(eq(offerApplications.id, await idOf('learner-7')));
    const [mobility] = await db.select().from(mobilities).where(eq(mobilities.id, selected!.mobilityId!));
    assert.equal(mobility!.status, 'selected');
    assert.equal(mobility!.startDate, '2027-04-05');
    assert.match((await lastMailTo(person('learner-7').email))!.textBody, /Bonne nouvelle/);
    const waiting = await lastMailTo(person('learner-8').email);
    assert.equal(waiting!.language, 'en');
    assert.match(waiting!.textBody, /waiting list/);
    assert.match((await lastMailTo(extraLearnerEmail))!.textBody, /n'a pas été retenue/);
  });

  it('refuses an application after the deadline, on the server', async () => {
    const coach = await signedIn('coach-lyon');
    const [lyon] = await testApp.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.legalName, 'CFA Transport Logistique Lyon'));
    const [project] = await testApp.db.select({ id: grantProjects.id }).from(grantProjects).where(eq(grantProjects.code, '2025-1-FR01-KA121-VET-000345678'));
    const published = await coach.post('/offers', { organisationId: lyon!.id, projectId: project!.id, activityType: 'vet_short_term', title: 'Closed soon', destinationCity: 'Como', destinationCountry: 'IT', startDate: '2027-04-05', endDate: '2027-05-02', places: '1', deadline: '2026-11-24' });
    const offerPath = published.headers.get('location')!.split('?')[0]!;
    testApp.clock.advance(2 * 86_400_000);
    const learner = await signedIn('learner-8');
    const late = await learner.post(`${offerPath}/apply`, { motivation: 'Je voudrais partir à Côme pour apprendre l’italien.', languageLevel: 'A2' });
    assert.equal(late.status, 409);
  });
});
