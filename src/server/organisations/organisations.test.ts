import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, outboxMessages } from '../db/schema/index.js';
import { buildLearner, buildOrganisation, buildPerson, linkGuardian } from '../testing/factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
before(async () => {
  testApp = await createTestApp();
});
after(async () => {
  await testApp.close();
});

async function signedIn(email: string) {
  const client = new TestClient(testApp);
  await client.signIn(email);
  return client;
}

describe('record-level authorisation', () => {
  it('gives a coach of organisation A 404 on organisation B’s members, audit log and people', async () => {
    const schoolA = await buildOrganisation(testApp.db, { legalName: 'Lycée A' });
    const schoolB = await buildOrganisation(testApp.db, { legalName: 'Lycée B' });
    const coachA = await buildPerson(testApp.db, { roles: [[schoolA.id, 'mobility_coach']] });
    const learnerB = await buildLearner(testApp.db, schoolB.id);
    const client = await signedIn(coachA.email!);
    assert.equal((await client.get(`/organisations/${schoolA.id}/members`)).status, 200);
    for (const path of [
      `/organisations/${schoolB.id}`,
      `/organisations/${schoolB.id}/members`,
      `/organisations/${schoolB.id}/audit`,
      `/organisations/${schoolB.id}/people/${learnerB.id}`,
      `/organisations/${schoolA.id}/people/${learnerB.id}`,
      `/organisations/00000000-0000-0000-0000-000000000000/members`,
    ]) {
      assert.equal((await client.get(path)).status, 404, path);
    }
    assert.equal((await client.post(`/organisations/${schoolB.id}/invitations`, { email: 'x@example.org', role: 'learner', language: 'fr' })).status, 404);
    const list = await (await client.get('/organisations')).text();
    assert.match(list, /Lycée A/);
    assert.doesNotMatch(list, /Lycée B/);
  });

  it('keeps the audit log for organisation admins only', async () => {
    const school = await buildOrganisation(testApp.db);
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
    const admin = await buildPerson(testApp.db, { roles: [[school.id, 'org_admin']] });
    assert.equal((await (await signedIn(coach.email!)).get(`/organisations/${school.id}/audit`)).status, 404);
    assert.equal((await (await signedIn(admin.email!)).get(`/organisations/${school.id}/audit`)).status, 200);
  });

  it('lets a consortium coordinator see member schools but not other organisations', async () => {
    const association = await buildOrganisation(testApp.db, { type: 'intermediary' });
    const memberSchool = await buildOrganisation(testApp.db, { type: 'vocational_school' });
    const outsider = await buildOrganisation(testApp.db);
    const platformAdmin = await buildPerson(testApp.db, { isPlatformAdmin: true });
    const coordinator = await buildPerson(testApp.db, { roles: [[association.id, 'consortium_coordinator']] });
    const admin = await signedIn(platformAdmin.email!);
    const created = await admin.post('/consortia', { name: 'Consortium EFP', coordinatorId: association.id });
    assert.equal(created.status, 303);
    const consortiumPath = created.headers.get('location')!.split('?')[0]!;
    assert.equal((await admin.post(`${consortiumPath}/members/add`, { organisationId: memberSchool.id })).status, 303);
    assert.equal((await admin.post(`${consortiumPath}/members/add`, { organisationId: memberSchool.id })).status, 409);
    const client = await signedIn(coordinator.email!);
    assert.equal((await client.get(`/organisations/${memberSchool.id}/members`)).status, 200);
    assert.equal((await client.get(`/organisations/${outsider.id}/members`)).status, 404);
    assert.equal((await client.get(`/organisations/${memberSchool.id}/audit`)).status, 404);
  });
});

describe('members and invitations', () => {
  it('invites a learner by email, who accepts and joins with the role', async () => {
    const school = await buildOrganisation(testApp.db, { legalName: 'CFA Invitations' });
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
    const client = await signedIn(coach.email!);
    const notAllowed = await client.post(`/organisations/${school.id}/invitations`, { email: 'boss@example.org', role: 'org_admin', language: 'fr' });
    assert.equal(notAllowed.status, 400);
    assert.match(await notAllowed.text(), /value="boss@example.org"/);
    const invalid = await client.post(`/organisations/${school.id}/invitations`, { email: 'not-an-email', role: 'learner', language: 'fr' });
    assert.equal(invalid.status, 400);
    const sent = await client.post(`/organisations/${school.id}/invitations`, { email: 'Nouvel.Apprenti@Example.org', role: 'learner', language: 'es' });
    assert.equal(sent.status, 303);
    const [mail] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'Nouvel.Apprenti@Example.org'));
    assert.equal(mail!.language, 'es');
    assert.match(mail!.subject, /CFA Invitations/);
    const link = mail!.textBody.match(/http:\/\/passerelle\.test(\/invitations\/[^\s?]+)/)![1]!;
    const invitee = new TestClient(testApp);
    const form = await invitee.get(link);
    assert.equal(form.status, 200);
    const accepted = await invitee.post(link, { givenName: 'Nour', familyName: 'Belkacem', password: '', confirmation: '' });
    assert.equal(accepted.status, 303);
    const home = await (await invitee.get('/')).text();
    assert.match(home, /Nour/);
    assert.equal((await new TestClient(testApp).post(link, { givenName: 'X', familyName: 'Y' })).status, 410);
    const members = await (await client.get(`/organisations/${school.id}/members?role=learner`)).text();
    assert.match(members, /Belkacem Nour/);
  });

  it('changes roles, keeps one administrator, and deactivates an account', async () => {
    const school = await buildOrganisation(testApp.db);
    const admin = await buildPerson(testApp.db, { roles: [[school.id, 'org_admin']] });
    const teacher = await buildPerson(testApp.db, { roles: [[school.id, 'teacher']] });
    const client = await signedIn(admin.email!);
    assert.equal((await client.post(`/organisations/${school.id}/members/${teacher.id}/roles`, { roles: ['teacher', 'mobility_coach'] })).status, 303);
    const roles = await testApp.db.select().from(memberships).where(and(eq(memberships.organisationId, school.id), eq(memberships.personId, teacher.id)));
    assert.deepEqual(roles.map((row) => row.role).sort(), ['mobility_coach', 'teacher']);
    assert.equal((await client.post(`/organisations/${school.id}/members/${admin.id}/roles`, { roles: ['teacher'] })).status, 409);
    const teacherClient = await signedIn(teacher.email!);
    assert.equal((await client.post(`/organisations/${school.id}/members/${teacher.id}/deactivate`)).status, 303);
    assert.equal((await teacherClient.get('/')).status, 200);
    assert.doesNotMatch(await (await teacherClient.get('/')).text(), /Bonjour|Hello/);
    assert.equal((await new TestClient(testApp).post('/login', { email: teacher.email!, password: 'correct horse battery staple' })).status, 400);
    const audit = await testApp.db.select().from(auditLog).where(eq(auditLog.organisationId, school.id));
    assert.ok(audit.some((row) => row.action === 'membership.roles_changed'));
    assert.ok(audit.some((row) => row.action === 'person.deactivated'));
  });

  it('records every opening of a minor’s personal page in the audit log', async () => {
    const school = await buildOrganisation(testApp.db);
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
    const minor = await buildLearner(testApp.db, school.id, { birthDate: '2010-03-01' });
    const guardian = await buildPerson(testApp.db, { givenName: 'Sophie', roles: [[school.id, 'guardian']] });
    await linkGuardian(testApp.db, guardian.id, minor.id);
    const client = await signedIn(coach.email!);
    const page = await client.get(`/organisations/${school.id}/people/${minor.id}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Sophie/);
    const rows = await testApp.db.select().from(auditLog).where(and(eq(auditLog.entityId, minor.id), eq(auditLog.action, 'person.minor_data_viewed')));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorId, coach.id);
  });
});

describe('organisation administration', () => {
  it('creates an organisation with a validated OID and refuses a duplicate with 409', async () => {
    const platformAdmin = await buildPerson(testApp.db, { isPlatformAdmin: true });
    const client = await signedIn(platformAdmin.email!);
    const fields = { type: 'company', legalName: 'Veluwe Test B.V.', city: 'Apeldoorn', country: 'nl', latitude: '52,21', longitude: '5.97', oid: 'E12345678', languages: ['nl', 'en'] };
    const bad = await client.post('/organisations', { ...fields, oid: 'E123' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /value="E123"/);
    assert.match(badHtml, /href="#field-oid"/);
    const created = await client.post('/organisations', fields);
    assert.equal(created.status, 303);
    const page = await (await client.get(created.headers.get('location')!)).text();
    assert.match(page, /Veluwe Test B.V./);
    const duplicate = await client.post('/organisations', { ...fields, legalName: 'Other' });
    assert.equal(duplicate.status, 409);
    const coach = await buildPerson(testApp.db, { roles: [[(await buildOrganisation(testApp.db)).id, 'mobility_coach']] });
    assert.equal((await (await signedIn(coach.email!)).post('/organisations', fields)).status, 404);
  });
});
