import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

const world = readDemoWorld();
const phone = { viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true, hasTouch: true };

async function signIn(page: Page, key: string) {
  const person = world.people.find((candidate) => candidate.key === key)!;
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(person.email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page
    .getByRole('button', { name: /Se connecter|Sign in/ })
    .last()
    .click();
  await page.waitForURL(`${running.baseUrl}/`);
}

describe('coach skills and the learner’s safety card', () => {
  it('a coach rates her skills on her phone, forgets one, fixes it and gets the modules to take first', async () => {
    const context = await running.browser.newContext(phone);
    const page = await context.newPage();
    await signIn(page, 'coach');
    await page.goto(`${running.baseUrl}/learn/coach-framework`);
    await page.getByRole('heading', { level: 1, name: /Référentiel d'activités et de compétences/ }).waitFor();
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Vous autoévaluer et trouver les modules à suivre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Autoévaluation du référent mobilité' }).waitFor();
    await assertAccessible(page);

    // Every skill at level 3, except the regulatory frameworks (C2) at level 1, and one skill left out.
    const groups = page.locator('form fieldset');
    const count = await groups.count();
    for (let index = 0; index < count - 1; index += 1) {
      const group = groups.nth(index);
      const isRegulatory = (await group.locator('input').first().getAttribute('name'))!.startsWith('c2-');
      await group
        .getByRole('radio')
        .nth(isRegulatory ? 0 : 2)
        .check();
    }
    await page.getByRole('button', { name: 'Enregistrer et voir mes modules' }).click();
    await page.getByRole('alert').waitFor();
    await assertAccessible(page);
    await groups
      .nth(count - 1)
      .getByRole('radio')
      .nth(2)
      .check();
    await page.getByRole('button', { name: 'Enregistrer et voir mes modules' }).click();

    const recommendations = page.getByRole('region', { name: 'Modules à suivre en priorité' });
    await recommendations.waitFor();
    assert.deepEqual(await recommendations.getByRole('link').allInnerTexts(), [
      'Utiliser les cadres réglementaires de la mobilité européenne et internationale',
    ]);
    await assertAccessible(page);
    await context.close();
  });

  it('a learner sees on her safety card that the safety course is still to do, and can download the card as a PDF', async () => {
    const context = await running.browser.newContext(phone);
    const page = await context.newPage();
    await signIn(page, 'learner');
    await page.goto(`${running.baseUrl}/safety-card`);
    await page.getByRole('link', { name: 'Suivre la formation sécurité' }).waitFor();
    await assertAccessible(page);
    const download = await context.request.get(`${running.baseUrl}/safety-card.pdf`);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    await context.close();
  });
});
