import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

const phone = { viewport: { width: 360, height: 740 }, locale: 'fr-FR', isMobile: true, hasTouch: true };

async function assertNoHorizontalScroll(page: Page) {
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  assert.ok(width <= 360, `${page.url()} is ${width}px wide`);
}

describe('city kits on a phone', () => {
  it('a visitor opens the Flensburg kit on her phone, sees the emergency numbers, goes offline, reloads and still reads it', async () => {
    const context = await running.browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/kits`);
    await assertAccessible(page);
    await assertNoHorizontalScroll(page);
    await page.getByLabel('Chercher une ville ou un pays').fill('Allemagne');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: 'Flensbourg' }).click();

    await page.getByRole('heading', { level: 1, name: 'Flensbourg' }).waitFor();
    const emergency = page.getByRole('region', { name: "Numéros d'urgence" });
    assert.equal(await emergency.getByRole('link', { name: '112' }).getAttribute('href'), 'tel:112');
    assert.equal(await emergency.getByRole('link', { name: '110' }).getAttribute('href'), 'tel:110');
    await page
      .getByRole('status')
      .filter({ hasText: /Disponible hors ligne — mis à jour le/ })
      .waitFor({ timeout: 20_000 });
    await assertAccessible(page);
    await assertNoHorizontalScroll(page);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Flensbourg' }).waitFor();
    assert.equal(await page.getByRole('region', { name: "Numéros d'urgence" }).getByRole('link', { name: '112' }).isVisible(), true);
    assert.match((await page.getByRole('region', { name: 'Logement' }).textContent()) ?? '', /Arnaques/);
    await page
      .getByRole('status')
      .filter({ hasText: /Disponible hors ligne/ })
      .waitFor({ timeout: 20_000 });

    await page.goto(`${running.baseUrl}/kits/flensburg/print`);
    await page.getByRole('heading', { level: 1, name: 'Flensbourg' }).waitFor();
    // The network really is gone: a kit never opened before cannot load.
    const neverOpened = await page.goto(`${running.baseUrl}/kits/como`).then(
      () => 'loaded',
      () => 'failed',
    );
    assert.equal(neverOpened, 'failed');
    await context.setOffline(false);
    await context.close();
  });

  it('the print view of a kit is accessible and fits a phone screen', async () => {
    const context = await running.browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/kits/legnica/print`);
    await page.getByRole('heading', { level: 1, name: 'Legnica' }).waitFor();
    await assertAccessible(page);
    await assertNoHorizontalScroll(page);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    await context.close();
  });
});

describe('the learner’s own city kit', () => {
  it('a learner placed in Flensburg sees the Flensburg kit on her home page, goes offline and still reads the kit and her safety card', async () => {
    const world = (await import('../src/server/db/seed/demo.js')).readDemoWorld();
    const learner = world.people.find((person) => person.demoRole === 'learner')!;
    const context = await running.browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/login`);
    await page.getByLabel('Adresse e-mail').fill(learner.email);
    await page.getByLabel('Mot de passe').fill(world.password);
    await page.locator('main').getByRole('button').click();
    await page.waitForURL(`${running.baseUrl}/`);
    const kitSection = page.locator('section').filter({ hasText: 'Votre kit d’installation : Flensbourg' });
    await kitSection.waitFor();
    assert.match(await kitSection.innerText(), /112/);
    await assertAccessible(page);
    await kitSection.getByRole('link', { name: 'Ma carte sécurité' }).click();
    await page.getByRole('heading', { name: 'Ma carte sécurité' }).waitFor();
    const card = await page.locator('main').innerText();
    assert.match(card, /112/);
    assert.match(card, /Camille Martin/, 'her coach');
    assert.match(card, /110/, 'the German police number');
    await page.getByRole('status').filter({ hasText: /hors ligne/ }).waitFor({ timeout: 20_000 });
    await assertAccessible(page);
    await page.goto(`${running.baseUrl}/`);
    await kitSection.getByRole('link', { name: /Ouvrir le kit/ }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: /hors ligne/ }).waitFor({ timeout: 20_000 });
    await context.setOffline(true);
    await page.reload();
    assert.match(await page.locator('main').innerText(), /112/);
    await page.goto(`${running.baseUrl}/safety-card`);
    assert.match(await page.locator('main').innerText(), /Camille Martin/);
    await context.close();
  });
});
