import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, kitCorrections, kits, kitVersions } from '../db/schema/index.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { buildHostOrganisation, buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import { buildNetworkAnimator } from '../testing/kits-factories.js';
import { loadKitDocuments } from './kit-content.js';
import { seedKits } from './kits.service.js';

let testApp: TestApp;
before(async () => {
  testApp = await createTestApp();
  await seedKits(testApp.db);
});
after(async () => {
  await testApp?.close();
});

/** Page assertions that print the pattern, not 40 KB of HTML, when they fail. */
const contains = (text: string, pattern: RegExp) => assert.ok(pattern.test(text), `missing ${pattern}`);
const lacks = (text: string, pattern: RegExp) => assert.ok(!pattern.test(text), `unexpected ${pattern}`);

const visitor = (language = 'en') => {
  const client = new TestClient(testApp);
  return { client, get: (path: string) => client.get(path, { 'accept-language': language }) };
};

describe('seeding kits from content', () => {
  it('loads the 20 kits once, and adds a version only when the files change', async () => {
    assert.equal((await testApp.db.select().from(kits)).length, 20);
    assert.equal(await seedKits(testApp.db), 0);
    const documents = loadKitDocuments();
    const flensburg = documents.find((kit) => kit.slug === 'flensburg')!;
    const changed = { ...flensburg, lastReviewed: '2026-11-24' };
    assert.equal(await seedKits(testApp.db, [changed]), 1);
    const [row] = await testApp.db.select().from(kits).where(eq(kits.slug, 'flensburg'));
    assert.equal(row!.version, 2);
    assert.equal(row!.lastReviewed, '2026-11-24');
    assert.equal(await seedKits(testApp.db, [changed]), 0);
    await seedKits(testApp.db, [flensburg]);
    const versions = await testApp.db.select().from(kitVersions).where(eq(kitVersions.kitId, row!.id));
    assert.equal(versions.length, 3);
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, row!.id), eq(auditLog.action, 'kit.content_updated')));
    assert.equal(audit.length, 2);
  });
});

describe('public kit pages', () => {
  it('lists kits by country with a search that works without JavaScript', async () => {
    const { get } = visitor('en');
    const all = await (await get('/kits')).text();
    contains(all, /<h2 id="country-DE">Germany<\/h2>/);
    contains(all, /href="\/kits\/flensburg">Flensburg<\/a>/);
    contains(all, /Kits shown: 20/);
    const found = await (await get('/kits?q=malte')).text();
    contains(found, /href="\/kits\/valletta"/);
    lacks(found, /href="\/kits\/flensburg"/);
    const byCountry = await (await get('/kits?q=pologne')).text();
    contains(byCountry, /href="\/kits\/legnica"/);
    contains(byCountry, /href="\/kits\/krakow"/);
    const none = await (await get('/kits?q=atlantis')).text();
    contains(none, /No kit matches “atlantis”/);
  });

  it('shows a kit with emergency numbers as tel: links first, contents, sources and review date', async () => {
    const { get } = visitor('fr');
    const response = await get('/kits/flensburg');
    assert.equal(response.status, 200);
    const html = await response.text();
    const emergencyAt = html.indexOf('id="emergency-numbers"');
    const tocAt = html.indexOf('id="kit-toc"');
    assert.ok(emergencyAt > 0 && emergencyAt < tocAt);
    contains(html, /<a class="emergency-number" href="tel:112">112<\/a>/);
    contains(html, /<a class="emergency-number" href="tel:110">110<\/a>/);
    contains(html, /href="tel:\+4955119240"/);
    contains(html, /Arnaques : ne payez jamais de caution/);
    contains(html, /<td lang="de"><strong>Hilfe!<\/strong><\/td>/);
    contains(html, /id="source-bmg-17"/);
    contains(html, /Dernière relecture le 23 novembre 2026/);
    contains(html, /data-offline-urls="\/kits\/flensburg \/kits\/flensburg\/print /);
    contains(html, /<svg class="kit-map"[^>]*role="img"/);
    contains(html, /<script src="\/static\/offline.js" defer=""><\/script>/);
    lacks(html, /<script>/);
    lacks(html, /Proposer une correction/);
  });

  it('shows the interface in German and the kit text in English, marked as such', async () => {
    const html = await (await visitor('de').get('/kits/como')).text();
    contains(html, /<html lang="de">/);
    contains(html, /Notrufnummern/);
    contains(html, /<ul class="fact-list" lang="en">/);
    contains(html, /Der Inhalt des Kits ist auf Englisch/);
    contains(html, /<td lang="it">/);
  });

  it('answers 404 for an unknown kit', async () => {
    assert.equal((await visitor().get('/kits/atlantis')).status, 404);
    assert.equal((await visitor().get('/kits/..%2Fetc')).status, 404);
  });

  it('has a print view with every fact, without the forms and navigation of the kit page', async () => {
    const html = await (await visitor('en').get('/kits/valletta/print')).text();
    const kit = loadKitDocuments().find((candidate) => candidate.slug === 'valletta')!;
    const escape = (text: string) =>
      text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const fact of Object.values(kit.sections).flat()) assert.ok(html.includes(escape(fact.en)), fact.en);
    contains(html, /href="\/static\/kits.css"/);
    lacks(html, /kit-toc/);
  });

  it("exports the kit as an A4 PDF in the reader's language", async () => {
    const response = await visitor('fr').get('/kits/flensburg.pdf');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString(), '%PDF-');
    assert.equal((await visitor().get('/kits/atlantis.pdf')).status, 404);
  });

  it('serves the manifest and the service worker with their content types', async () => {
    const manifest = await visitor().get('/manifest.webmanifest');
    contains(manifest.headers.get('content-type')!, /application\/manifest\+json/);
    const body = (await manifest.json()) as { start_url: string; icons: unknown[] };
    assert.equal(body.start_url, '/kits');
    const worker = await visitor().get('/sw.js');
    contains(worker.headers.get('content-type')!, /text\/javascript/);
    assert.equal(worker.headers.get('service-worker-allowed'), '/');
    contains(await worker.text(), /keep-offline/);
    const script = await visitor().get('/static/offline.js');
    assert.equal(script.status, 200);
  });

  it('ships at most 25 KB of gzipped JavaScript on a kit page', async () => {
    const html = await (await visitor().get('/kits/flensburg')).text();
    const sources = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
    assert.ok(sources.includes('/static/offline.js'));
    let total = 0;
    for (const source of sources) total += gzipSync(Buffer.from(await (await visitor().get(source)).arrayBuffer())).length;
    assert.ok(total <= 25 * 1024, `${total} bytes gzipped`);
  });
});

describe('corrections', () => {
  it('lets a coach propose a correction, a reviewer approve it, and records a new version with its source', async () => {
    const school = await buildOrganisation(testApp.db);
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
    const client = new TestClient(testApp);
    await client.signIn(coach.email!);
    const page = await (await client.get('/kits/como')).text();
    contains(page, /id="correction"/);

    const invalid = await client.post('/kits/como/corrections', {
      target: '',
      proposedTextFr: 'Texte',
      proposedTextEn: '',
      sourceUrl: 'pas une url',
      reason: 'Nouveau tarif',
    });
    assert.equal(invalid.status, 400);
    const invalidHtml = await invalid.text();
    contains(invalidHtml, /class="error-summary"/);
    contains(invalidHtml, />Texte<\/textarea>/);

    const proposed = await client.post('/kits/como/corrections', {
      target: 'transport:new',
      proposedTextFr: 'Le bus 1 relie la gare San Giovanni au centre.',
      proposedTextEn: 'Bus 1 links San Giovanni station to the centre.',
      sourceUrl: 'https://www.asfautolinee.it/linee',
      reason: 'Ligne utile pour les apprentis',
    });
    assert.equal(proposed.status, 303);
    const [correction] = await testApp.db.select().from(kitCorrections);
    assert.equal(correction!.status, 'proposed');

    const stranger = new TestClient(testApp);
    const learner = await buildLearner(testApp.db, school.id);
    await stranger.signIn(learner.email!);
    assert.equal((await stranger.get('/kit-corrections')).status, 404);
    assert.equal((await stranger.post(`/kit-corrections/${correction!.id}/approve`)).status, 404);
    assert.equal(
      (
        await stranger.post('/kits/como/corrections', {
          target: 'transport:new',
          proposedTextFr: 'x',
          proposedTextEn: 'x',
          sourceUrl: 'https://example.org/x',
          reason: 'x',
        })
      ).status,
      404,
    );

    const exported = (await (await client.get('/account/data.json')).json()) as { kitCorrections: { reason: string }[] };
    assert.deepEqual(
      exported.kitCorrections.map((row) => row.reason),
      ['Ligne utile pour les apprentis'],
    );

    const animator = await buildNetworkAnimator(testApp.db);
    const reviewer = new TestClient(testApp);
    await reviewer.signIn(animator.email!);
    contains(await (await reviewer.get('/')).text(), /Corrections de kits en attente de relecture : 1/);
    const review = await (await reviewer.get('/kit-corrections')).text();
    contains(review, /Bus 1 links San Giovanni station to the centre\./);
    assert.equal((await reviewer.post(`/kit-corrections/${correction!.id}/approve`)).status, 303);
    assert.equal((await reviewer.post(`/kit-corrections/${correction!.id}/approve`)).status, 409);

    const kitPage = await (await visitor('en').get('/kits/como')).text();
    contains(kitPage, /Bus 1 links San Giovanni station to the centre\./);
    contains(kitPage, /Version 2/);
    contains(kitPage, /href="https:\/\/www\.asfautolinee\.it\/linee"/);
    const history = await (await visitor('en').get('/kits/como/history')).text();
    contains(history, /Approved correction in “Transport”: Ligne utile pour les apprentis/);
    const [como] = await testApp.db.select().from(kits).where(eq(kits.slug, 'como'));
    assert.equal(como!.version, 2);
    const actions = (await testApp.db.select().from(auditLog)).map((row) => row.action);
    assert.ok(actions.includes('kit_correction.proposed'));
    assert.ok(actions.includes('kit_correction.approved'));
    assert.ok(actions.includes('kit.version_created'));
  });

  it('lets a host contact propose a replacement that a platform admin rejects with a reason', async () => {
    const host = await buildHostOrganisation(testApp.db);
    const contact = await buildPerson(testApp.db, { roles: [[host.id, 'host_contact']] });
    const client = new TestClient(testApp);
    await client.signIn(contact.email!);
    assert.equal(
      (
        await client.post('/kits/flensburg/corrections', {
          target: 'housing:1',
          proposedTextFr: 'Loyer 400 €.',
          proposedTextEn: 'Rent €400.',
          sourceUrl: 'https://example.org/rent',
          reason: 'Prix vu en ligne',
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await client.post('/kits/flensburg/corrections', {
          target: 'housing:99',
          proposedTextFr: 'x',
          proposedTextEn: 'x',
          sourceUrl: 'https://example.org/x',
          reason: 'x',
        })
      ).status,
      400,
    );
    const [correction] = await testApp.db.select().from(kitCorrections).where(eq(kitCorrections.proposedById, contact.id));
    const admin = await buildPerson(testApp.db, { isPlatformAdmin: true });
    const reviewer = new TestClient(testApp);
    await reviewer.signIn(admin.email!);
    assert.equal((await reviewer.post(`/kit-corrections/${correction!.id}/reject`, { rejectionReason: '' })).status, 400);
    assert.equal(
      (await reviewer.post(`/kit-corrections/${correction!.id}/reject`, { rejectionReason: 'Source non officielle' })).status,
      303,
    );
    const [closed] = await testApp.db.select().from(kitCorrections).where(eq(kitCorrections.id, correction!.id));
    assert.equal(closed!.status, 'rejected');
    assert.equal(closed!.rejectionReason, 'Source non officielle');
    const [flensburg] = await testApp.db.select().from(kits).where(eq(kits.slug, 'flensburg'));
    lacks(JSON.stringify(flensburg!.content), /Rent €400/);
  });
});
