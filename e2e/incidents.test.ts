import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { mobilities, people } from '../src/server/db/schema/index.js';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
const world = readDemoWorld();
const person = (key: string) => world.people.find((entry) => entry.key === key)!;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  running = await startAppWithBrowser();
  // Léa is in Flensburg now: her mobility started a week ago.
  const [learner] = await running.db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, person('learner').email));
  await running.db
    .update(mobilities)
    .set({ status: 'under_way', startDate: day(-7), endDate: day(21) })
    .where(and(eq(mobilities.participantId, learner!.id), eq(mobilities.activityType, 'vet_short_term')));
});
after(async () => {
  await running?.close();
});

async function signInWithPassword(page: Page, key: string) {
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(person(key).email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
}

/** Asks for a sign-in link and follows it from the development outbox, as the person reading the email. */
async function signInWithLink(page: Page, key: string) {
  const { email } = person(key);
  await page.goto(`${running.baseUrl}/magic-link`);
  await page.getByLabel(/E-Mail|e-mail|Email/i).fill(email);
  await page.locator('main').getByRole('button').click();
  await page.getByRole('status').waitFor();
  const outbox = await page.context().newPage();
  await outbox.goto(`${running.baseUrl}/dev/mail`);
  await outbox.getByRole('row').filter({ hasText: email }).first().getByRole('link').click();
  const link = await outbox.locator('pre a').first().getAttribute('href');
  await outbox.close();
  await page.goto(link!);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
}

describe('during the stay', () => {
  it('a learner signals trouble in her weekly check-in on her phone and her coach sees it on her home page', async () => {
    const context = await running.browser.newContext({ ...phone, locale: 'fr-FR' });
    const page = await context.newPage();
    await signInWithPassword(page, 'learner');
    await page.getByRole('link', { name: 'Répondre au point de la semaine' }).click();
    await page.getByRole('heading', { level: 1, name: 'Point de la semaine' }).waitFor();
    await assertAccessible(page);
    await page.getByRole('group', { name: 'Comment vas-tu ?' }).getByLabel('2 · mal').check();
    await page.getByRole('group', { name: 'Comment ça se passe au travail ?' }).getByLabel('1 · très mal').check();
    await page.getByRole('group', { name: 'Comment ça se passe là où tu loges ?' }).getByLabel('4 · bien').check();
    await page.getByLabel('Ce que tu veux dire à ton ou ta référente').fill('On me fait porter des charges trop lourdes.');
    await page.getByLabel('J’ai besoin de parler à quelqu’un').check();
    await page.getByRole('button', { name: 'Envoyer mon point' }).click();
    await page.getByText('Merci, ton point de la semaine a été envoyé.').waitFor();
    assert.match(await page.locator('main').innerText(), /Tu as déjà répondu au point de cette semaine/);
    await assertAccessible(page);
    await context.close();

    const coachContext = await running.browser.newContext({ locale: 'fr-FR' });
    const coach = await coachContext.newPage();
    await signInWithPassword(coach, 'coach');
    const section = coach.getByRole('region', { name: 'Points de la semaine' });
    assert.match(await section.innerText(), /Léa Dubois\s*veut parler/);
    await assertAccessible(coach);
    await section.getByRole('link', { name: 'Léa Dubois' }).first().click();
    assert.match(await coach.locator('main').innerText(), /On me fait porter des charges trop lourdes\./);
    await assertAccessible(coach);
    await coachContext.close();
  });

  it('the host family reports an urgent incident from a link, in German, and sees the emergency numbers of Germany', async () => {
    const context = await running.browser.newContext({ ...phone, locale: 'de-DE' });
    const page = await context.newPage();
    await signInWithLink(page, 'host-family');
    await page.getByRole('link', { name: 'Ein Problem oder einen Vorfall melden' }).click();
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Einen Vorfall zum Aufenthalt von Léa Dubois melden' }).click();
    await assertAccessible(page);
    await page.getByLabel('Worum geht es?').selectOption('health');
    await page.getByLabel('Wie schwer ist es?').selectOption('urgent');
    await page.getByLabel('Was ist passiert').fill('Léa hat seit heute Nachmittag hohes Fieber und bekommt schlecht Luft.');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.getByText('Ihre Meldung wurde gesendet.').waitFor();
    const emergency = page.getByRole('region', { name: 'Notrufnummern — Deutschland' });
    assert.equal(await emergency.getByRole('link', { name: '112' }).getAttribute('href'), 'tel:112');
    assert.equal(await emergency.getByRole('link', { name: '110' }).getAttribute('href'), 'tel:110');
    assert.match(await page.locator('main').innerText(), /Wird bearbeitet/);
    await assertAccessible(page);
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(width <= 390, `the confirmation is ${width}px wide`);
    await context.close();
  });

  it('a visitor searches the library for “sécurité” on her phone; a coach opens the publishing form; an admin sets the on-call contact', async () => {
    const context = await running.browser.newContext({ ...phone, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/resources`);
    await assertAccessible(page);
    await page.getByLabel('Chercher dans la bibliothèque').fill('sécurité');
    await page.getByLabel('Langue de la ressource').selectOption('fr');
    await page.getByRole('button', { name: 'Chercher', exact: true }).click();
    await page.getByRole('link', { name: 'EU-OSHA — Les jeunes et la sécurité au travail' }).click();
    assert.equal(
      await page.getByRole('link', { name: 'Ouvrir la ressource' }).getAttribute('href'),
      'https://osha.europa.eu/fr/themes/young-workers',
    );
    await assertAccessible(page);
    await context.close();

    const staffContext = await running.browser.newContext({ locale: 'fr-FR' });
    const coach = await staffContext.newPage();
    await signInWithPassword(coach, 'coach');
    await coach.goto(`${running.baseUrl}/resources/new`);
    await coach.getByRole('heading', { level: 1, name: 'Publier une ressource' }).waitFor();
    await assertAccessible(coach);
    await staffContext.close();

    const adminContext = await running.browser.newContext({ locale: 'fr-FR' });
    const admin = await adminContext.newPage();
    await signInWithPassword(admin, 'roanne-admin');
    await admin.getByRole('link', { name: /Personne d’astreinte de/ }).click();
    await admin.getByLabel('Nom').fill('Astreinte du lycée');
    await admin.getByLabel('Téléphone').fill('+33 4 77 71 00 00');
    await admin.getByLabel('Adresse e-mail').fill('astreinte@lycee-roanne.example');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('La personne d’astreinte a été enregistrée.').waitFor();
    await assertAccessible(admin);
    await adminContext.close();
  });
});
