import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { completeMinorRequirements, demoMobilityOf } from '../src/server/testing/timeline-factories.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
const world = readDemoWorld();
const emailOf = (key: string) => world.people.find((person) => person.key === key)!.email;

before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

async function signIn(browser: Browser, key: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(emailOf(key));
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return page;
}

/** The tutor has no password: he asks for a link and opens it from the development outbox, on his phone. */
async function signInTutorByMagicLink(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/magic-link`);
  await page.getByLabel(/E-Mail/i).fill(emailOf('host-tutor'));
  await page.getByRole('button').filter({ hasText: /Link/i }).click();
  await page.getByRole('status').waitFor();
  const outbox = await context.newPage();
  await outbox.goto(`${running.baseUrl}/dev/mail`);
  await outbox
    .getByRole('row')
    .filter({ hasText: emailOf('host-tutor') })
    .first()
    .getByRole('link')
    .click();
  const link = await outbox.locator('pre a').first().getAttribute('href');
  await outbox.close();
  await page.goto(link!);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return page;
}

describe('the before / during / after timeline', () => {
  it('a coach confirms a minor’s mobility; the learner, her guardian and the German tutor each see their own steps; the tutor records the safety induction and the coach’s board shows it', async () => {
    const mobilityId = await demoMobilityOf(running.db, 'learner');
    // Consents and contacts are recorded beforehand (their own story is in e2e/mobilities.test.ts).
    await completeMinorRequirements(running.db, mobilityId);

    const coach = await signIn(running.browser, 'coach');
    await coach.goto(`${running.baseUrl}/mobilities/${mobilityId}`);
    await coach.getByRole('button', { name: 'Confirmer' }).click();
    await coach.getByText('Confirmée').first().waitFor();
    await coach.goto(`${running.baseUrl}/mobilities/${mobilityId}/timeline`);
    await coach.getByRole('heading', { level: 1, name: 'Déroulé de Léa Dubois' }).waitFor();
    assert.match(await coach.locator('main').innerText(), /En retard/);
    await assertAccessible(coach);

    const learner = await signIn(running.browser, 'learner');
    assert.match(await learner.getByRole('region', { name: 'Vos prochaines étapes' }).innerText(), /\d/);
    await assertAccessible(learner);
    await learner.goto(`${running.baseUrl}/mobilities/${mobilityId}/timeline`);
    await learner.getByRole('heading', { level: 1, name: 'Le déroulé de ma mobilité' }).waitFor();
    const learnerSteps = await learner.locator('main').innerText();
    assert.match(learnerSteps, /Apprenant/);
    assert.doesNotMatch(learnerSteps, /Tuteur en entreprise|Représentant légal|Référent mobilité/);
    await assertAccessible(learner);

    const guardian = await signIn(running.browser, 'guardian');
    await guardian.goto(`${running.baseUrl}/mobilities/${mobilityId}/timeline`);
    const guardianSteps = await guardian.locator('main').innerText();
    assert.match(guardianSteps, /Représentant légal/);
    assert.doesNotMatch(guardianSteps, /Apprenant|Tuteur en entreprise/);
    await assertAccessible(guardian);

    const tutor = await signInTutorByMagicLink(running.browser);
    assert.equal(await tutor.locator('html').getAttribute('lang'), 'de');
    await tutor.getByRole('region', { name: 'Ihre nächsten Schritte' }).waitFor();
    await assertAccessible(tutor);
    await tutor.goto(`${running.baseUrl}/mobilities/${mobilityId}/timeline`);
    const tutorSteps = await tutor.locator('main').innerText();
    assert.match(tutorSteps, /Betriebliche\/r Betreuer\/in/);
    assert.doesNotMatch(tutorSteps, /Erziehungsberechtigte|Lernende\/r/);
    await assertAccessible(tutor);
    await tutor.getByRole('link', { name: 'Empfang und Sicherheitsunterweisung am ersten Tag' }).click();
    await assertAccessible(tutor);
    await tutor.getByLabel('Notiz (freiwillig)').fill('Rundgang, Notausgänge, Sicherheitsschuhe ausgegeben.');
    await tutor.getByRole('button', { name: 'Als erledigt markieren' }).click();
    assert.match(await tutor.locator('.error-summary').innerText(), /Kreuzen Sie das Kästchen/);
    assert.equal(await tutor.getByLabel('Notiz (freiwillig)').inputValue(), 'Rundgang, Notausgänge, Sicherheitsschuhe ausgegeben.');
    await assertAccessible(tutor);
    await tutor.getByLabel('Ich bestätige, dass dieser Schritt erledigt ist').check();
    await tutor.getByRole('button', { name: 'Als erledigt markieren' }).click();
    await tutor.getByText('Der Schritt ist gespeichert.').waitFor();
    await assertAccessible(tutor);

    await coach.goto(`${running.baseUrl}/timeline/board`);
    const done = coach.getByRole('region', { name: 'Faites récemment' });
    assert.match(await done.innerText(), /Accueil et formation sécurité le premier jour — Léa Dubois/);
    assert.match(await done.innerText(), /Rundgang, Notausgänge/);
    await assertAccessible(coach);
    await coach.getByLabel('Afficher').selectOption('overdue');
    await coach.getByRole('button', { name: 'Filtrer' }).click();
    await coach.getByRole('region', { name: 'Par participant' }).getByRole('link', { name: 'Léa Dubois' }).first().waitFor();
    await assertAccessible(coach);
  });
});
