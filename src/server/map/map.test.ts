import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, directoryAlumni, directoryHosts, outboxMessages } from '../db/schema/index.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { buildLearner, buildOrganisation, buildPerson, linkGuardian } from '../testing/factories.js';
import { buildNetworkAnimator } from '../testing/kits-factories.js';
import { buildHostWithContact } from '../testing/map-factories.js';
import { bumpDirectoryVersion } from './map.repository.js';
import { seedMap } from './map.service.js';

let testApp: TestApp;
let animator: TestClient;
before(async () => {
  testApp = await createTestApp();
  await seedMap(testApp.db, undefined, testApp.clock.now);
  animator = await signedIn((await buildNetworkAnimator(testApp.db)).email!);
});
after(async () => {
  await testApp?.close();
});

const contains = (text: string, pattern: RegExp) => assert.ok(pattern.test(text), `missing ${pattern}`);
const lacks = (text: string, pattern: RegExp) => assert.ok(!pattern.test(text), `unexpected ${pattern}`);
const emailPattern = /[\w.+-]+@[\w-]+\.[\w.]+/;

async function signedIn(email: string) {
  const client = new TestClient(testApp);
  await client.signIn(email);
  return client;
}

const visitor = () => new TestClient(testApp);
const englishPage = async (client: TestClient, path: string) => {
  const response = await client.get(path, { 'accept-language': 'en' });
  return { status: response.status, html: await response.text() };
};
const resultCount = (html: string) => Number(/<h2 id="results-heading"[^>]*>(\d+) result/.exec(html)?.[1]);

type Feature = { properties: { cluster?: boolean; point_count?: number; slug?: string; country?: string } };
async function geoJson(query: string) {
  const response = await visitor().get(`/api/v1/map?${query}`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { type: string; features: Feature[] };
  assert.equal(body.type, 'FeatureCollection');
  return body.features;
}
const represented = (features: Feature[]) =>
  features.reduce((sum, feature) => sum + (feature.properties.cluster ? feature.properties.point_count! : 1), 0);
const europe = 'bbox=-32,26,46,72';

describe('the seeded directory', () => {
  it('seeds 58 entries in eleven countries once, and the list and the GeoJSON clusters agree', async () => {
    assert.equal(await seedMap(testApp.db), 0);
    const all = await englishPage(visitor(), '/map');
    assert.equal(resultCount(all.html), 58);
    lacks(all.html, emailPattern);

    const filtered = await englishPage(visitor(), '/map?trade=logistics&minors=yes&country=DE');
    assert.equal(resultCount(filtered.html), 2);
    contains(filtered.html, /href="\/map\/hosts\/flensburg-nordkai-lager">Nordkai Lager &amp; Umschlag<\/a>/);
    contains(filtered.html, /href="\/map\/hosts\/hamburg-elbkontor-fulfilment"/);
    assert.equal(represented(await geoJson(`${europe}&zoom=4&trade=logistics&minors=yes&country=DE`)), 2);

    const clustered = await geoJson(`${europe}&zoom=3`);
    assert.equal(represented(clustered), 58);
    assert.ok(
      clustered.some((feature) => feature.properties.cluster && feature.properties.point_count! > 1),
      'no cluster at zoom 3',
    );
    const single = await geoJson(`${europe}&zoom=12`);
    assert.equal(single.length, 58);
    assert.deepEqual(new Set(single.map((feature) => feature.properties.country)).size, 11);

    const search = await englishPage(visitor(), '/map?q=boulangerie');
    assert.ok(resultCount(search.html) >= 1);
    assert.equal((await visitor().get('/api/v1/map?bbox=nonsense&zoom=4')).status, 400);
  });

  it('shows a host entry with its profile, learners hosted and last confirmation, and no contact detail', async () => {
    const { html, status } = await englishPage(visitor(), '/map/hosts/flensburg-nordkai-lager');
    assert.equal(status, 200);
    contains(html, /Last confirmed on 14 October 2026/);
    contains(html, /Warehousing and storage \(NACE H52\.10\)/);
    contains(html, /Learners hosted through Passerelle<\/dt><dd>0</);
    lacks(html, emailPattern);
    assert.equal((await visitor().get('/map/hosts/no-such-host')).status, 404);
  });
});

describe('contact through the platform', () => {
  it('a learner asks a proposed-then-approved host for a placement; the host contact answers in the app without either address shown', async () => {
    const { organisation, contact } = await buildHostWithContact(testApp.db);
    const host = await signedIn(contact.email!);
    const proposal = {
      organisationId: organisation.id,
      descriptionFr: 'Entrepôt portuaire à Kiel, préparation de commandes.',
      descriptionEn: 'Harbour warehouse in Kiel, order picking and receiving.',
      typicalDurations: ['short', 'long'],
      locationPrecision: 'city',
    };
    const proposed = await host.post('/map/hosts/new', proposal);
    assert.equal(proposed.status, 303);
    const slug = proposed.headers.get('location')!.split('/')[3]!.split('?')[0]!;
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=hafenlager')).html), 0);
    assert.equal((await visitor().get(`/map/hosts/${slug}`)).status, 404);
    const [entry] = await testApp.db.select().from(directoryHosts).where(eq(directoryHosts.slug, slug));
    assert.equal((await animator.post(`/map/review/host/${entry!.id}/publish`)).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=hafenlager&trade=logistics&minors=yes&country=DE')).html), 1);

    const anonymous = visitor();
    await anonymous.get('/map');
    assert.equal(
      (await anonymous.post(`/map/hosts/${slug}/contact`, { kind: 'message', body: 'Hello, is there room in April?' })).status,
      401,
    );

    const sending = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, sending.id, { email: 'lea.map@eleve.example', preferredLanguage: 'en' });
    const learnerClient = await signedIn(learner.email!);
    const invalid = await learnerClient.post(`/map/hosts/${slug}/contact`, { kind: 'placement_request', period: 'April 2027', body: 'Hi' });
    assert.equal(invalid.status, 400);
    const invalidHtml = await invalid.text();
    contains(invalidHtml, /class="error-summary"/);
    contains(invalidHtml, /value="April 2027"/);

    const sent = await learnerClient.post(`/map/hosts/${slug}/contact`, {
      kind: 'placement_request',
      period: 'April–May 2027, 4 weeks',
      body: 'Hello, I am Léa, learning logistics in Roanne. Could you host me?',
    });
    assert.equal(sent.status, 303);
    const [mail] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, contact.email!));
    assert.ok(mail, 'the host contact got no email');
    contains(mail.subject, /Praktikumsanfrage von Léa/);
    contains(mail.textBody, /April–May 2027, 4 weeks/);
    lacks(mail.textBody, /lea\.map@eleve\.example/);
    const messageId = /\/map\/messages\/([0-9a-f-]{36})/.exec(mail.textBody)![1]!;

    assert.equal((await learnerClient.get(`/map/messages/${messageId}`)).status, 200);
    assert.equal((await (await signedIn((await buildPerson(testApp.db)).email!)).get(`/map/messages/${messageId}`)).status, 404);
    const inbox = await (await host.get('/map/inbox')).text();
    contains(inbox, new RegExp(`/map/messages/${messageId}`));
    assert.equal((await host.post(`/map/messages/${messageId}/reply`, { body: 'Gern! April passt uns gut.' })).status, 303);
    const [answer] = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, learner.email!));
    contains(answer!.textBody, /Gern! April passt uns gut\./);
    lacks(answer!.textBody, new RegExp(contact.email!.replace('.', '\\.')));

    assert.equal((await host.post(`/map/messages/${messageId}/report`, { reason: 'Not a real learner' })).status, 303);
    assert.equal(
      (await learnerClient.post(`/map/hosts/${slug}/contact`, { kind: 'message', body: 'Why did you report me? Please answer.' })).status,
      404,
    );
    const review = await (await animator.get('/map/review')).text();
    contains(review, /Not a real learner/);
  });

  it('limits how many messages one learner sends in an hour', async () => {
    const { organisation, contact } = await buildHostWithContact(testApp.db, 'Speicherstadt Kontor GmbH');
    const host = await signedIn(contact.email!);
    const proposed = await host.post('/map/hosts/new', {
      organisationId: organisation.id,
      descriptionFr: 'Entrepôt de la Speicherstadt, réception et expédition.',
      descriptionEn: 'Speicherstadt warehouse, receiving and shipping goods.',
      typicalDurations: 'short',
      locationPrecision: 'exact',
    });
    const slug = proposed.headers.get('location')!.split('/')[3]!.split('?')[0]!;
    const [entry] = await testApp.db.select().from(directoryHosts).where(eq(directoryHosts.slug, slug));
    await animator.post(`/map/review/host/${entry!.id}/publish`);
    const learner = await signedIn((await buildLearner(testApp.db, (await buildOrganisation(testApp.db)).id)).email!);
    const statuses = [];
    for (let index = 0; index < 6; index += 1)
      statuses.push(
        (await learner.post(`/map/hosts/${slug}/contact`, { kind: 'message', body: `Question number ${index} about your warehouse.` }))
          .status,
      );
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
  });
});

describe('alumni ambassadors', () => {
  const profile = {
    displayName: 'Zoé',
    trade: 'logistics',
    homeCentre: 'CFA Transport Logistique Lyon',
    hostCity: 'DE|Flensburg',
    year: '2025',
    durationWeeks: '4',
    testimonialFr: 'Quatre semaines au port, une équipe accueillante.',
    testimonialEn: 'Four weeks at the harbour with a welcoming team.',
    languages: ['fr', 'en'],
    isHappyToBeContacted: 'on',
  };

  it('an alumnus consents, is approved, then withdraws and leaves the map, the list and the GeoJSON at once', async () => {
    const centre = await buildOrganisation(testApp.db);
    const alumnus = await buildPerson(testApp.db, { givenName: 'Zoé', birthDate: '2004-03-01', roles: [[centre.id, 'alumni']] });
    const client = await signedIn(alumnus.email!);
    const refused = await client.post('/map/ambassador', { ...profile });
    assert.equal(refused.status, 400);
    contains(await refused.text(), /value="Zoé"/);
    assert.equal((await client.post('/map/ambassador', { ...profile, consent: 'on' })).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=zoe')).html), 0);

    const [row] = await testApp.db.select().from(directoryAlumni).where(eq(directoryAlumni.personId, alumnus.id));
    await animator.post(`/map/review/alumnus/${row!.id}/publish`);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=zoe')).html), 1);
    assert.ok((await geoJson(`${europe}&zoom=12&kind=alumnus`)).some((feature) => feature.properties.slug === row!.slug));
    assert.equal((await visitor().get(`/map/alumni/${row!.slug}`)).status, 200);

    assert.equal((await client.post('/map/ambassador/withdraw')).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=zoe')).html), 0);
    assert.ok(!(await geoJson(`${europe}&zoom=12&kind=alumnus`)).some((feature) => feature.properties.slug === row!.slug));
    assert.equal(represented(await geoJson(`${europe}&zoom=3&kind=alumnus`)), 20);
    assert.equal((await visitor().get(`/map/alumni/${row!.slug}`)).status, 404);
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, row!.id), eq(auditLog.action, 'map.ambassador_consent_withdrawn')));
    assert.equal(audit.length, 1);
  });

  it('a minor alumnus appears only once a guardian agrees, and only that guardian may agree', async () => {
    const centre = await buildOrganisation(testApp.db);
    const minor = await buildPerson(testApp.db, { givenName: 'Noé', birthDate: '2010-06-01', roles: [[centre.id, 'alumni']] });
    const guardian = await buildPerson(testApp.db, { givenName: 'Sophie', roles: [[centre.id, 'guardian']] });
    await linkGuardian(testApp.db, guardian.id, minor.id);
    const client = await signedIn(minor.email!);
    await client.post('/map/ambassador', { ...profile, displayName: 'Noé', consent: 'on' });
    const [row] = await testApp.db.select().from(directoryAlumni).where(eq(directoryAlumni.personId, minor.id));
    await animator.post(`/map/review/alumnus/${row!.id}/publish`);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=noe')).html), 0);
    contains(await (await client.get('/map/ambassador')).text(), /attend l’accord d’un parent/);

    const stranger = await signedIn((await buildPerson(testApp.db, { roles: [[centre.id, 'guardian']] })).email!);
    assert.equal((await stranger.post(`/map/guardian/${row!.id}/consent`)).status, 404);
    const parent = await signedIn(guardian.email!);
    contains(await (await parent.get('/map/guardian')).text(), /Noé/);
    assert.equal((await parent.post(`/map/guardian/${row!.id}/consent`)).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=noe')).html), 1);
    assert.equal((await parent.post(`/map/guardian/${row!.id}/withdraw`)).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=noe')).html), 0);
  });
});

describe('curation', () => {
  it('host contacts edit and confirm only their own entry; animators hide stale entries; other instances see changes through the version', async () => {
    const { organisation, contact } = await buildHostWithContact(testApp.db, 'Förde Kühllogistik GmbH');
    const host = await signedIn(contact.email!);
    const proposed = await host.post('/map/hosts/new', {
      organisationId: organisation.id,
      descriptionFr: 'Entrepôt frigorifique sur la Förde de Kiel.',
      descriptionEn: 'Cold-store warehouse on the Kiel fjord.',
      typicalDurations: 'long',
      locationPrecision: 'city',
    });
    const slug = proposed.headers.get('location')!.split('/')[3]!.split('?')[0]!;
    assert.equal(
      (
        await host.post(`/map/hosts/${slug}/edit`, {
          descriptionFr: 'court',
          descriptionEn: 'Cold-store warehouse on the Kiel fjord.',
          typicalDurations: 'long',
          locationPrecision: 'city',
        })
      ).status,
      400,
    );
    assert.equal(
      (
        await host.post(`/map/hosts/${slug}/edit`, {
          descriptionFr: 'Entrepôt frigorifique sur la Förde, équipe de nuit exclue pour les mineurs.',
          descriptionEn: 'Cold-store warehouse on the Kiel fjord; no night shifts for minors.',
          typicalDurations: ['short', 'long'],
          locationPrecision: 'city',
        })
      ).status,
      303,
    );
    assert.equal((await host.get('/map/hosts/flensburg-nordkai-lager/edit')).status, 404);
    assert.equal((await host.post('/map/hosts/flensburg-nordkai-lager/confirm')).status, 404);
    const learner = await signedIn((await buildLearner(testApp.db, (await buildOrganisation(testApp.db)).id)).email!);
    assert.equal((await learner.get('/map/review')).status, 404);
    assert.equal((await learner.get('/map/hosts/new')).status, 404);

    await testApp.db.update(directoryHosts).set({ lastConfirmedOn: '2025-01-10' }).where(eq(directoryHosts.slug, slug));
    assert.equal((await host.post(`/map/hosts/${slug}/confirm`)).status, 303);
    const [confirmed] = await testApp.db.select().from(directoryHosts).where(eq(directoryHosts.slug, slug));
    assert.equal(confirmed!.lastConfirmedOn, '2026-11-23');

    const [seeded] = await testApp.db
      .update(directoryHosts)
      .set({ lastConfirmedOn: '2025-06-01' })
      .where(eq(directoryHosts.slug, 'flensburg-nordkai-lager'))
      .returning();
    const review = await (await animator.get('/map/review')).text();
    contains(review, /Nordkai Lager &amp; Umschlag/);
    const germanLogistics = async () => resultCount((await englishPage(visitor(), '/map?trade=logistics&minors=yes&country=DE')).html);
    const before = await germanLogistics();
    assert.equal((await animator.post(`/map/review/host/${seeded!.id}/hide`)).status, 303);
    assert.equal(await germanLogistics(), before - 1);
    assert.equal((await animator.post(`/map/review/host/${seeded!.id}/hide`)).status, 409);

    // The host profile (another form) feeds the map's filters: saving it refreshes the index too.
    const [ownEntry] = await testApp.db.select().from(directoryHosts).where(eq(directoryHosts.slug, slug));
    await animator.post(`/map/review/host/${ownEntry!.id}/publish`);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=kuhllogistik&trade=logistics')).html), 1);
    assert.equal((await host.post(`/hosts/${organisation.id}`, { trades: 'cooking', acceptsMinors: 'on' })).status, 303);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=kuhllogistik&trade=logistics')).html), 0);
    assert.equal(resultCount((await englishPage(visitor(), '/map?q=kuhllogistik&trade=cooking')).html), 1);

    // Another instance changes the directory: this one rebuilds because the stored version moved.
    await testApp.db.update(directoryHosts).set({ status: 'published' }).where(eq(directoryHosts.id, seeded!.id));
    assert.equal(await germanLogistics(), before - 1);
    await bumpDirectoryVersion(testApp.db, testApp.clock.now);
    assert.equal(await germanLogistics(), before);
  });
});
