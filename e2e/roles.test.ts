import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoLogins, readDemoWorld } from '../src/server/db/seed/demo.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

const world = readDemoWorld();

/** What each role's dashboard must show, in French and English (a section only that role gets). */
const expectedSection: Record<string, { fr: RegExp; en: RegExp }> = {
  platform_admin: { fr: /Plateforme/, en: /Platform/ },
  org_admin: { fr: /Activité récente/, en: /Recent activity/ },
  mobility_coach: { fr: /Informations manquantes/, en: /Missing information/ },
  teacher: { fr: /Vos organisations/, en: /Your organisations/ },
  learner: { fr: /Votre référent mobilité/i, en: /Your mobility coach/ },
  guardian: { fr: /jeunes/i, en: /young people you are responsible for/ },
  host_contact: { fr: /Vos organisations/, en: /Your organisations/ },
  host_tutor: { fr: /Votre contact/i, en: /Your company contact/ },
  host_family: { fr: /Votre contact/i, en: /Your company contact/ },
  accompanying_person: { fr: /Vos organisations/, en: /Your organisations/ },
  consortium_coordinator: { fr: /Vos consortiums/i, en: /Your consortia/ },
  network_animator: { fr: /Votre réseau/, en: /Your network/ },
  alumni: { fr: /Votre référent mobilité/i, en: /Your mobility coach/ },
};

async function signInWithPassword(page: Page, email: string) {
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page.getByRole('button', { name: /Se connecter|Sign in/ }).last().click();
  await page.waitForURL(`${running.baseUrl}/`);
}

/** Requests a link, then follows it from the development outbox, as a person reading their email. */
async function signInWithMagicLink(page: Page, email: string) {
  await page.goto(`${running.baseUrl}/magic-link`);
  await page.getByLabel(/E-Mail|e-mail|Email/i).fill(email);
  await page.getByRole('button').filter({ hasText: /Link|lien|link/i }).click();
  await page.getByRole('status').waitFor();
  const outbox = await page.context().newPage();
  await outbox.goto(`${running.baseUrl}/dev/mail`);
  await outbox.getByRole('row').filter({ hasText: email }).first().getByRole('link').click();
  const link = await outbox.locator('pre a').first().getAttribute('href');
  await outbox.close();
  await page.goto(link!);
  return page;
}

async function switchLanguage(page: Page, language: string) {
  await page.locator('#language-select').selectOption(language);
  await page.locator('.language-form button').click();
  await page.waitForLoadState('load');
}

// Each story signs in its own person and restores what it changes, so three can run side by side.
describe('every role has a dashboard', { concurrency: 3 }, () => {
  for (const login of demoLogins(world)) {
    it(`a ${login.role.replace(/_/g, ' ')} signs in and sees their dashboard in French and in English`, async () => {
      const context = await running.browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      if (login.signIn === 'password') {
        await signInWithPassword(page, login.email);
      } else {
        await signInWithMagicLink(page, login.email);
        await page.locator('main').getByRole('button').click();
        await page.waitForURL(`${running.baseUrl}/`);
      }
      const givenName = login.name.split(' ')[0]!;
      for (const language of ['fr', 'en'] as const) {
        await switchLanguage(page, language);
        assert.equal(await page.locator('html').getAttribute('lang'), language);
        const heading = await page.getByRole('heading', { level: 1 }).textContent();
        assert.equal(heading, language === 'fr' ? `Bonjour ${givenName}` : `Hello ${givenName}`);
        assert.match(await page.locator('main').innerText(), expectedSection[login.role]![language], `${login.role} ${language}`);
        await assertAccessible(page);
      }
      // Leave each demo person with their own language, as other stories rely on it.
      await switchLanguage(page, world.people.find((person) => person.email === login.email)!.language);
      await context.close();
    });
  }
});

describe('links without an account', () => {
  it('a host tutor in Flensburg signs in from a magic link in German, on a phone', async () => {
    const tutor = world.people.find((person) => person.demoRole === 'host_tutor')!;
    const context = await running.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/magic-link`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    await assertAccessible(page);
    await signInWithMagicLink(page, tutor.email);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.match(await page.locator('main').innerText(), /Jan Hansen/);
    await assertAccessible(page);
    await page.getByRole('button', { name: /Weiter/ }).click();
    await page.waitForURL(`${running.baseUrl}/`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Hallo Jan');
    assert.match(await page.locator('main').innerText(), /Katrin Petersen/);
    await assertAccessible(page);
    await page.goto(`${running.baseUrl}/account`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    await assertAccessible(page);
    await context.close();
  });

  it('a coach works through the organisation pages with the keyboard-accessible forms', async () => {
    const coach = world.people.find((person) => person.demoRole === 'org_admin')!;
    const context = await running.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInWithPassword(page, coach.email);
    await switchLanguage(page, 'en');
    for (const path of ['/organisations', '/account', '/api/docs', '/dev/mail']) {
      await page.goto(`${running.baseUrl}${path}`);
      await assertAccessible(page);
    }
    await page.goto(`${running.baseUrl}/organisations`);
    await page.getByRole('link', { name: 'CFA Transport Logistique Lyon' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await assertAccessible(page);
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /email address/i);
    assert.equal(await page.getByLabel('Email address').inputValue(), 'not-an-email');
    await assertAccessible(page);
    await page.getByRole('link', { name: 'CFA Transport Logistique Lyon' }).click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await assertAccessible(page);
    for (const path of ['/login', '/password/forgot', '/magic-link']) {
      const anonymous = await running.browser.newContext();
      const anonymousPage = await anonymous.newPage();
      await anonymousPage.goto(`${running.baseUrl}${path}`);
      await assertAccessible(anonymousPage);
      await anonymous.close();
    }
    await switchLanguage(page, coach.language);
    await context.close();
  });
});
