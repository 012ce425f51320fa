import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { agreementVersions, mobilities, people } from '../src/server/db/schema/index.js';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { latestSigningToken, pdfText } from '../src/server/testing/agreements-factories.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
const world = readDemoWorld();
const person = (key: string) => world.people.find((entry) => entry.key === key)!;

before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

async function signIn(browser: Browser, key: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(person(key).email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return page;
}

/**
 * Opens the signing link mailed to a person, reads the agreement, consents and types the name. On a
 * phone the signing itself happens with JavaScript switched off; axe needs JavaScript, so a second
 * phone tab checks the same pages (the signing page before, the "link used" page after).
 */
async function signFromLink(
  browser: Browser,
  key: string,
  options: { isPhone: boolean; expect: RegExp; consent: RegExp; name: RegExp; submit: RegExp },
) {
  const { url } = await latestSigningToken(running.db, person(key).email);
  const link = url.replace(/^https?:\/\/[^/]+/, running.baseUrl);
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const checking = await browser.newContext(options.isPhone ? phone : { locale: 'fr-FR' });
  const checker = await checking.newPage();
  await checker.goto(link);
  await checker.getByText(options.expect).first().waitFor();
  await assertAccessible(checker);
  const signing = options.isPhone ? await browser.newContext({ ...phone, javaScriptEnabled: false }) : checking;
  const page = options.isPhone ? await signing.newPage() : checker;
  if (options.isPhone) await page.goto(link);
  await page.getByLabel(options.consent).check();
  await page.getByLabel(options.name).fill(`${person(key).givenName} ${person(key).familyName}`);
  await page.getByRole('button', { name: options.submit }).click();
  await page.getByRole('status').waitFor();
  if (!options.isPhone) await assertAccessible(page);
  await checker.goto(link);
  assert.equal(await checker.getByRole('heading', { level: 1 }).count(), 1);
  await assertAccessible(checker);
  await checking.close();
  if (options.isPhone) await signing.close();
}

describe('a learning agreement signed by link', () => {
  it('a coach builds the agreement of the minor Léa from the catalogue; learner, guardian, coach and the German tutor on a phone sign from their links; the PDF says what was signed', async () => {
    const [mobility] = await running.db
      .select({ id: mobilities.id })
      .from(mobilities)
      .innerJoin(people, eq(people.id, mobilities.participantId))
      .where(eq(people.email, person('learner').email));
    const coach = await signIn(running.browser, 'coach');
    await coach.goto(`${running.baseUrl}/mobilities/${mobility!.id}`);
    await coach.getByRole('link', { name: 'Contrat pédagogique et signatures' }).click();
    await assertAccessible(coach);
    await coach.getByRole('link', { name: 'Rédiger le contrat pédagogique' }).click();
    await coach.getByLabel('Certification', { exact: true }).selectOption('bac-pro-logistique');
    await coach.getByRole('button', { name: 'Afficher ses acquis d’apprentissage' }).click();
    await coach.getByLabel(/^Réceptionner les marchandises/).check();
    await coach.getByLabel(/^Stocker les marchandises/).check();
    await assertAccessible(coach);
    await coach.getByLabel('Tâches dans l’entreprise d’accueil').fill('Réception et stockage des marchandises au quai 3, avec le tuteur.');
    await coach.getByLabel('Comment les acquis seront évalués').fill('Grille d’évaluation remplie par le tuteur la dernière semaine.');
    await coach.getByLabel('Comment l’évaluation sera consignée').fill('Grille signée versée au livret de l’élève.');
    await coach.getByLabel('Inscription dans le dossier de l’apprenant').check();
    await coach
      .getByLabel('Assurances', { exact: true })
      .fill('Responsabilité civile et accident du lycée ; carte européenne d’assurance maladie.');
    await coach.getByRole('button', { name: 'Enregistrer' }).click();
    await coach.getByText('Le contrat pédagogique a été enregistré.').waitFor();
    await assertAccessible(coach);
    await coach.getByRole('button', { name: 'Envoyer pour signature' }).click();
    await coach.getByText('Les liens de signature ont été envoyés par courriel.').waitFor();
    await assertAccessible(coach);

    const french = {
      isPhone: false,
      expect: /Signer le contrat pédagogique/,
      consent: /J’ai lu ce contrat/,
      name: /Saisissez vos nom et prénom/,
      submit: /^Signer$/,
    };
    for (const key of ['learner', 'guardian', 'coach']) await signFromLink(running.browser, key, french);
    // The tutor signs on a phone with JavaScript switched off: the page is plain HTML forms.
    await signFromLink(running.browser, 'host-tutor', {
      isPhone: true,
      expect: /Lernvereinbarung unterschreiben/,
      consent: /Ich habe diese Lernvereinbarung gelesen/,
      name: /Tippen Sie Ihren vollständigen Namen ein/,
      submit: /^Unterschreiben$/,
    });

    await coach.reload();
    await coach.getByText('Signé par tous').first().waitFor();
    const [download] = await Promise.all([coach.waitForEvent('download'), coach.getByRole('link', { name: 'Télécharger le PDF' }).click()]);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    const [version] = await running.db.select().from(agreementVersions);
    for (const expected of [
      'Réceptionner les marchandises',
      'Stocker les marchandises',
      'Léa Dubois',
      'Sophie Dubois',
      'Camille Martin',
      'Jan Hansen',
      'Nordhafen Logistik GmbH',
    ]) {
      assert.ok(text.includes(expected), `the PDF names ${expected}`);
    }
    assert.ok(text.replace(/\s/g, '').includes(version!.contentHash), 'the PDF carries the version hash');

    const code = text.match(/[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/)![0];
    const verifier = await (await running.browser.newContext({ locale: 'fr-FR' })).newPage();
    await verifier.goto(`${running.baseUrl}/verify/${code}`);
    await verifier.getByText('Ce document a été délivré par Passerelle et il est authentique.').waitFor();
    await assertAccessible(verifier);
    const tampered = new Uint8Array(bytes);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 1;
    await verifier
      .getByLabel('Fichier PDF')
      .setInputFiles({ name: 'contrat.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tampered) });
    await verifier.getByRole('button', { name: 'Vérifier' }).click();
    await verifier.getByText(/n’est pas le document délivré/).waitFor();
    await assertAccessible(verifier);
  });
});
