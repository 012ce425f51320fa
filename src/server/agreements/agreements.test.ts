import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  agreementSignatures,
  agreementVersions,
  auditLog,
  learningAgreements,
  learningOutcomes,
  mobilities,
  outboxMessages,
  people,
  qualifications,
} from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { agreementFormFields, latestSigningToken, pdfText } from '../testing/agreements-factories.js';
import { agreementVersionHash } from './agreement-content.js';
import { seedQualifications } from './qualifications.service.js';

let testApp: TestApp;
const world = readDemoWorld();
const emailOf = (key: string) => world.people.find((person) => person.key === key)!.email;

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
  await seedQualifications(testApp.db);
});
after(async () => {
  await testApp.close();
});

async function signedIn(key: string) {
  const client = new TestClient(testApp);
  await client.signIn(emailOf(key), world.password);
  return client;
}

async function learnerMobilityId() {
  const [row] = await testApp.db
    .select({ id: mobilities.id })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(eq(people.email, emailOf('learner')));
  return row!.id;
}

const csvHeader =
  'qualification_slug;qualification_title_fr;qualification_title_en;national_code;eqf_level;awarding_body_fr;awarding_body_en;unit_code;unit_title_fr;unit_title_en;outcome_key;outcome_kind;outcome_fr;outcome_en;criteria_fr;criteria_en';

function upload(client: TestClient, name: string, content: string) {
  const body = new FormData();
  body.set('_csrf', client.csrfToken);
  body.set('file', new File([content], name));
  return client.request('/qualifications/import', { method: 'POST', body });
}

describe('qualifications catalogue', () => {
  it('seeds the three content qualifications once, and a second seed changes nothing', async () => {
    assert.equal(await seedQualifications(testApp.db), 0);
    const rows = await testApp.db.select({ slug: qualifications.slug }).from(qualifications);
    assert.deepEqual(rows.map((row) => row.slug).sort(), ['bac-pro-ctrm', 'bac-pro-logistique', 'cap-cuisine']);
    assert.ok((await testApp.db.select().from(learningOutcomes)).length >= 30);
  });

  it('lets a coach browse units, outcomes and criteria, and answers 404 to a learner', async () => {
    const coach = await signedIn('coach');
    const list = await (await coach.get('/qualifications')).text();
    assert.match(list, /Métiers de la logistique/);
    const detail = await (await coach.get('/qualifications/bac-pro-logistique')).text();
    assert.match(detail, /Réceptionner les marchandises/);
    assert.match(detail, /Les écarts \(manquants, casse/);
    const learner = await signedIn('learner');
    assert.equal((await learner.get('/qualifications')).status, 404);
    assert.equal((await coach.get('/qualifications/not-a-qualification')).status, 404);
  });

  it('previews a CSV with the line of each error and writes nothing, then imports a valid one in one go', async () => {
    const coach = await signedIn('coach');
    const row = (key: string, kind: string) =>
      `cap-test;CAP essai;Test certificate;;3;Ministère;Ministry;Bloc 1;Accueil;Welcome;${key};${kind};Accueillir le client;Welcome the customer;Sourire|Saluer;Smile|Greet`;
    const broken = await upload(coach, 'catalogue.csv', [csvHeader, row('cap-test-o1', 'skills'), row('cap-test-o2', 'wisdom')].join('\n'));
    assert.equal(broken.status, 400);
    const brokenPage = await broken.text();
    assert.match(brokenPage, /<td>3<\/td>/);
    assert.match(brokenPage, /outcomes\.1\.kind/);
    assert.equal((await testApp.db.select().from(qualifications).where(eq(qualifications.slug, 'cap-test'))).length, 0);

    const valid = [csvHeader, row('cap-test-o1', 'skills'), row('cap-test-o2', 'knowledge')].join('\n');
    const preview = await upload(coach, 'catalogue.csv', valid);
    assert.equal(preview.status, 200);
    assert.match(await preview.text(), /1 unités, 2 acquis/);
    const confirmed = await coach.post('/qualifications/import/confirm', { payload: Buffer.from(valid).toString('base64') });
    assert.equal(confirmed.status, 303);
    const detail = await (await coach.get('/qualifications/cap-test')).text();
    assert.match(detail, /Accueillir le client/);
    assert.match(detail, /Saluer/);
    const audit = await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'qualification.imported'));
    assert.equal(audit.length, 1);
  });

  it('creates a qualification from the form, adds an outcome to it, and re-renders bad input with 400', async () => {
    const coach = await signedIn('coach');
    const outcome = {
      unitCode: 'U1',
      unitTitleFr: 'Accueil',
      unitTitleEn: 'Reception',
      kind: 'skills',
      textFr: 'Accueillir un chauffeur',
      textEn: 'Welcome a driver',
      criteriaFr: 'Salue\nOriente',
      criteriaEn: 'Greets\nDirects',
    };
    const bad = await coach.post('/qualifications/new', {
      slug: 'Bad Slug',
      titleFr: 'Titre typé',
      titleEn: 'Typed',
      eqfLevel: '9',
      awardingBodyFr: 'X',
      awardingBodyEn: 'X',
      outcomeKey: 'typed-o1',
      ...outcome,
    });
    assert.equal(bad.status, 400);
    const badPage = await bad.text();
    assert.match(badPage, /Titre typé/);
    assert.match(badPage, /niveau CEC de 1 à 8/);
    const created = await coach.post('/qualifications/new', {
      slug: 'typed-qualification',
      titleFr: 'Titre typé',
      titleEn: 'Typed',
      eqfLevel: '4',
      awardingBodyFr: 'X',
      awardingBodyEn: 'X',
      outcomeKey: 'typed-o1',
      ...outcome,
    });
    assert.equal(created.status, 303);
    const added = await coach.post('/qualifications/typed-qualification/outcomes', {
      ...outcome,
      outcomeKey: 'typed-o2',
      textFr: 'Contrôler un bon de livraison',
      textEn: 'Check a delivery note',
    });
    assert.equal(added.status, 303);
    assert.equal((await coach.post('/qualifications/typed-qualification/outcomes', { ...outcome, outcomeKey: 'typed-o2' })).status, 400);
    const detail = await (await coach.get('/qualifications/typed-qualification')).text();
    assert.match(detail, /Contrôler un bon de livraison/);
    assert.match(detail, /Oriente/);
    assert.equal((await coach.post('/qualifications/cap-cuisine/outcomes', { ...outcome, outcomeKey: 'sneaky-o1' })).status, 404);
  });

  it('refuses a JSON import that takes a seeded qualification’s slug', async () => {
    const coach = await signedIn('coach');
    const json = JSON.stringify({
      slug: 'cap-cuisine',
      title: { fr: 'Copie', en: 'Copy' },
      eqfLevel: 3,
      awardingBody: { fr: 'X', en: 'X' },
      units: [{ code: 'B1', title: { fr: 'U', en: 'U' }, outcomes: [{ key: 'copy-1', kind: 'skills', text: { fr: 'a', en: 'a' } }] }],
    });
    const response = await upload(coach, 'copy.json', json);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /slug already used/);
  });
});

describe('learning agreement of a minor, signed by link', () => {
  let mobilityId: string;
  before(async () => {
    mobilityId = await learnerMobilityId();
  });

  it('re-renders a bad form with 400, keeping what was typed', async () => {
    const coach = await signedIn('coach');
    const response = await coach.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields({ hoursPerWeek: '45', tasks: '' }));
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.match(page, /Ce champ est obligatoire/);
    assert.match(page, /Goods receipt|Observation by the tutor/);
    const minorHours = await coach.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields({ hoursPerWeek: '45' }));
    assert.equal(minorHours.status, 400);
    assert.match(await minorHours.text(), /40 heures par semaine au plus/);
    const learner = await signedIn('learner');
    assert.equal((await learner.get(`/mobilities/${mobilityId}/agreement/edit`)).status, 404);
    assert.equal((await learner.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields())).status, 404);
  });

  it('builds the agreement from the catalogue, sends four links and records every signature on the version hash', async () => {
    const coach = await signedIn('coach');
    assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields())).status, 303);
    const [agreement] = await testApp.db.select().from(learningAgreements).where(eq(learningAgreements.mobilityId, mobilityId));
    const [version] = await testApp.db.select().from(agreementVersions).where(eq(agreementVersions.agreementId, agreement!.id));
    assert.equal(version!.content.learner.isMinor, true);
    assert.equal(version!.content.outcomes.length, 3);
    assert.equal(version!.content.tutor?.name, 'Jan Hansen');
    assert.equal(version!.content.guardians[0]?.name, 'Sophie Dubois');
    assert.equal(version!.contentHash, agreementVersionHash(agreement!.id, 1, version!.content));

    assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement/send`)).status, 303);
    assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement/send`)).status, 409);
    const tutorLink = await latestSigningToken(testApp.db, emailOf('host-tutor'));
    assert.equal(tutorLink.language, 'de');
    assert.match(tutorLink.body, /Lernvereinbarung von Léa Dubois/);

    const visitor = new TestClient(testApp);
    assert.equal((await visitor.get('/sign/forged-token-forged-token-forged-token-00')).status, 404);
    const page = await visitor.get(`/sign/${tutorLink.token}?lang=de`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Lernvereinbarung unterschreiben/);
    assert.match(html, /Receive goods: check the delivery/);
    assert.equal((await visitor.post(`/sign/${tutorLink.token}`, { typedName: 'Jan Hansen' })).status, 400);
    const signed = await visitor.request(`/sign/${tutorLink.token}`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: visitor.csrfToken, consent: 'yes', typedName: 'Jan Hansen' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Phone browser', 'x-forwarded-for': '203.0.113.7' },
    });
    assert.equal(signed.status, 200);
    const reused = await visitor.post(`/sign/${tutorLink.token}`, { consent: 'yes', typedName: 'Jan Hansen' });
    assert.equal(reused.status, 410);
    assert.match(await reused.text(), /bereits unterschrieben/);
    const [tutorSignature] = await testApp.db.select().from(agreementSignatures).where(eq(agreementSignatures.role, 'host_tutor'));
    assert.equal(tutorSignature!.ipAddress, '203.0.113.7');
    assert.equal(tutorSignature!.userAgent, 'Phone browser');
    assert.equal(tutorSignature!.signedContentHash, version!.contentHash);

    const overview = await (await coach.get(`/mobilities/${mobilityId}/agreement`)).text();
    assert.equal(overview.match(/Pas encore signé/g)?.length, 3);

    for (const key of ['learner', 'guardian', 'coach']) {
      const { token } = await latestSigningToken(testApp.db, emailOf(key));
      assert.equal((await new TestClient(testApp).post(`/sign/${token}`, { consent: 'yes', typedName: key })).status, 200);
    }
    const [done] = await testApp.db.select().from(learningAgreements).where(eq(learningAgreements.id, agreement!.id));
    assert.equal(done!.status, 'signed');
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, version!.id), eq(auditLog.action, 'agreement.signed')));
    assert.equal(audit.length, 4);
    assert.ok((await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'agreement.minor_data_viewed_by_link'))).length >= 1);
  });

  it('issues the PDF with outcomes, names and hash, and verifies it; a tampered copy fails', async () => {
    const coach = await signedIn('coach');
    const [version] = await testApp.db.select().from(agreementVersions).where(eq(agreementVersions.version, 1));
    const response = await coach.get(`/mobilities/${mobilityId}/agreement/versions/1/pdf`);
    assert.equal(response.status, 200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    for (const expected of ['Réceptionner les marchandises', 'Léa Dubois', 'Jan Hansen', 'Sophie Dubois', 'Camille Martin'])
      assert.ok(text.includes(expected), expected);
    assert.ok(text.replace(/\s/g, '').includes(version!.contentHash));
    const code = text.match(/[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/)![0];
    const again = new Uint8Array(await (await coach.get(`/mobilities/${mobilityId}/agreement/versions/1/pdf`)).arrayBuffer());
    assert.deepEqual(again, bytes);

    const visitor = new TestClient(testApp);
    const verification = await visitor.get(`/verify/${code}`);
    assert.equal(verification.status, 200);
    const verificationPage = await verification.text();
    assert.match(verificationPage, /authentique/);
    assert.ok(verificationPage.includes(version!.contentHash));
    assert.doesNotMatch(verificationPage, /Léa|lea\.dubois/);
    assert.equal((await visitor.get('/verify/2222-3333-4444-5555')).status, 404);

    const check = async (file: Uint8Array) => {
      const body = new FormData();
      body.set('_csrf', visitor.csrfToken);
      body.set('file', new File([Buffer.from(file)], 'agreement.pdf', { type: 'application/pdf' }));
      return visitor.request(`/verify/${code}`, { method: 'POST', body });
    };
    const identical = await check(bytes);
    assert.equal(identical.status, 200);
    assert.match(await identical.text(), /exactement le document délivré/);
    const tampered = new Uint8Array(bytes);
    // One changed byte anywhere in the file: here in the middle of its body.
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 1;
    const refused = await check(tampered);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /il a été modifié/);
  });

  it('exports the signed placement as a European Learning Model v3 JSON-LD credential with the shape of the EU example', async () => {
    const coach = await signedIn('coach');
    const response = await coach.get(`/mobilities/${mobilityId}/agreement/versions/1/credential.jsonld`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /application\/ld\+json/);
    const credential = await response.json();
    assert.deepEqual(credential['@context'], ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap']);
    assert.deepEqual(credential.type, ['VerifiableCredential', 'EuropeanDigitalCredential']);
    assert.match(credential.issuanceDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(credential.issuer.type, 'Organisation');
    const [claim] = credential.credentialSubject.hasClaim;
    assert.equal(claim.type, 'LearningActivity');
    assert.equal(claim.temporal.type, 'PeriodOfTime');
    assert.equal(claim.temporal.startDate, '2027-03-01T00:00:00Z');
    assert.equal(claim.temporal.endDate, '2027-03-28T00:00:00Z');
    assert.equal(claim.workload, 'PT140H');
    assert.equal(claim.location[0].address[0].countryCode.id, 'http://publications.europa.eu/resource/authority/country/DEU');
    assert.equal(claim.awardedBy.type, 'AwardingProcess');
    assert.equal(claim.awardedBy.awardingBody[0].legalName.en, 'Lycée des métiers du transport, Roanne');
    assert.ok(claim.title.en && claim.title.fr);
    assert.equal(claim.specifiedBy.learningOutcome.length, 3);
    assert.equal(credential.proof, undefined);
  });

  it('amends after signature: version 2 asks for signatures again, version 1 stays readable and frozen', async () => {
    const coach = await signedIn('coach');
    const amended = await coach.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields({ baseVersion: '1', hoursPerWeek: '32' }));
    assert.equal(amended.status, 303);
    const stale = await coach.post(`/mobilities/${mobilityId}/agreement`, agreementFormFields({ baseVersion: '1', hoursPerWeek: '30' }));
    assert.equal(stale.status, 409);
    const versions = await testApp.db.select().from(agreementVersions).orderBy(agreementVersions.version);
    assert.deepEqual(
      versions.map((version) => [version.version, version.content.hoursPerWeek]),
      [
        [1, 35],
        [2, 32],
      ],
    );
    const v1 = await (await coach.get(`/mobilities/${mobilityId}/agreement/versions/1`)).text();
    assert.match(v1, /<dd>35<\/dd>/);
    assert.match(await (await coach.get(`/mobilities/${mobilityId}/agreement`)).text(), /Avenant en préparation/);

    assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement/send`)).status, 303);
    const [learnerSignature] = await testApp.db
      .select()
      .from(agreementSignatures)
      .where(and(eq(agreementSignatures.versionId, versions[1]!.id), eq(agreementSignatures.role, 'learner')));
    const first = await latestSigningToken(testApp.db, emailOf('learner'));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement/signatures/${learnerSignature!.id}/resend`)).status, 303);
    }
    assert.equal((await coach.post(`/mobilities/${mobilityId}/agreement/signatures/${learnerSignature!.id}/resend`)).status, 429);
    const replaced = await new TestClient(testApp).get(`/sign/${first.token}`);
    assert.equal(replaced.status, 410);
    assert.match(await replaced.text(), /seul le dernier fonctionne/);

    const latest = await latestSigningToken(testApp.db, emailOf('learner'));
    testApp.clock.advance(15 * 86_400_000);
    const expired = await new TestClient(testApp).get(`/sign/${latest.token}`);
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /a expiré/);
    const sentToLearner = await testApp.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, emailOf('learner')));
    assert.equal(sentToLearner.length, 5);
  });
});
