import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { organisations, outboxMessages } from '../src/server/db/schema/index.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
const world = readDemoWorld();
const emailOf = (key: string) => world.people.find((person) => person.key === key)!.email;
const emailPattern = /[\w.+-]+@[\w-]+\.[\w.]+/;

before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

/** Every request a page makes, to prove none leaves the app's origin. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function signIn(browser: Browser, key: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const requests = recordRequests(page);
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address|E-Mail-Adresse/).fill(emailOf(key));
  await page.getByLabel(/^(Mot de passe|Password|Passwort)/).fill(world.password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return { page, requests };
}

async function assertNoEmailAddress(page: Page) {
  const html = await page.content();
  assert.ok(!emailPattern.test(html), `${page.url()} shows an email address: ${emailPattern.exec(html)?.[0]}`);
}

/** The map has drawn what the API returned: the number of entries its markers and clusters stand for. */
async function entriesOnMap(page: Page): Promise<number> {
  await page.locator('#map[data-represented]').waitFor({ state: 'attached' });
  return Number(await page.locator('#map').getAttribute('data-represented'));
}

describe('the map of hosts and alumni', () => {
  it('a learner filters logistics, minors, Germany; the clusters and the list agree; she writes to a host whose contact receives it; nothing leaves the origin', async () => {
    const [nordhafen] = await running.db.select().from(organisations).where(eq(organisations.oid, 'E10000401'));

    // The host contact describes her company and puts it on the map; the network animator approves it.
    const { page: host } = await signIn(running.browser, 'host-contact');
    await host.goto(`${running.baseUrl}/hosts/${nordhafen!.id}`);
    await host.locator('[name=trades]').fill('logistics');
    await host.locator('[name=acceptsMinors]').check();
    await host.locator('[name=minimumAge]').fill('16');
    await host.locator('form[action^="/hosts/"] button[type=submit]').click();
    await host.goto(`${running.baseUrl}/map/hosts/new`);
    await assertAccessible(host);
    await host.locator('[name=organisationId]').selectOption(nordhafen!.id);
    await host
      .locator('[name=descriptionFr]')
      .fill('Plateforme logistique du port de Flensbourg : réception, préparation de commandes, expédition vers le Danemark.');
    await host
      .locator('[name=descriptionEn]')
      .fill('Logistics platform at Flensburg harbour: receiving, order picking and shipping to Denmark.');
    await host.locator('[name=typicalDurations][value=short]').check();
    await host.locator('[name=locationPrecision]').selectOption('city');
    await host.locator('main form button[type=submit]').click();
    await host.waitForURL(/\/map\/hosts\/flensburg-nordhafen/);

    const { page: animator } = await signIn(running.browser, 'animator');
    await animator.goto(`${running.baseUrl}/map/review`);
    await assertAccessible(animator);
    await animator.getByRole('listitem').filter({ hasText: 'Nordhafen Logistik GmbH' }).getByRole('button', { name: 'Publier' }).click();
    await animator.getByText('C’est fait : la carte est à jour.').waitFor();

    // The learner filters the map.
    const { page, requests } = await signIn(running.browser, 'learner');
    await page.goto(`${running.baseUrl}/map`);
    await page.getByRole('heading', { level: 1, name: 'Carte des organisations d’accueil et des anciens' }).waitFor();
    assert.equal(await entriesOnMap(page), 59);
    await assertAccessible(page);
    await page.getByLabel('Métier').selectOption({ label: 'Logistique et entreposage' });
    await page.getByLabel('Pays').selectOption({ label: 'Allemagne' });
    await page.getByLabel('Accueille des mineurs').check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/trade=logistics/);
    await page.getByRole('heading', { level: 2, name: '3 résultat(s)' }).waitFor();
    assert.equal(await entriesOnMap(page), 3);
    assert.equal(await page.locator('.directory-list li').count(), 3);
    await assertAccessible(page);
    await assertNoEmailAddress(page);

    // The list is reachable with the keyboard alone, past the filters and the map.
    await page.getByRole('button', { name: 'Filtrer' }).focus();
    for (let step = 0; step < 40; step += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => Boolean(document.activeElement?.closest('.directory-list')))) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Nordhafen Logistik GmbH');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nordhafen Logistik GmbH' }).waitFor();
    await assertAccessible(page);
    await assertNoEmailAddress(page);

    await page.getByLabel('Une demande de stage').check();
    await page.getByLabel('Période souhaitée').fill('avril–mai 2027, 4 semaines');
    await page
      .getByLabel('Votre message')
      .fill('Bonjour, je suis Léa, en bac pro logistique à Roanne. Pourriez-vous m’accueillir en avril ?');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Votre message a été envoyé.').waitFor();

    const foreign = requests.filter((url) => !url.startsWith(running.baseUrl) && !url.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((url) => url.includes('/api/v1/map?')));
    assert.ok(requests.some((url) => url.endsWith('/map/basemap.geojson')));

    // The host contact receives it by email and in her inbox, without the learner's address.
    const mails = await running.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, emailOf('host-contact')));
    const request = mails.find((mail) => mail.subject.includes('Léa'));
    assert.ok(request, 'no email to the host contact');
    assert.ok(!request.textBody.includes(emailOf('learner')));
    await host.goto(`${running.baseUrl}/map/inbox`);
    await assertAccessible(host);
    await host.locator('main table a').first().click();
    await host.getByText('Pourriez-vous m’accueillir en avril ?', { exact: false }).waitFor();
    await assertAccessible(host);
  });

  it('a visitor on a phone uses the list without JavaScript, and the public pages show no email address', async () => {
    const withoutScript = await running.browser.newContext({
      viewport: { width: 390, height: 800 },
      locale: 'en-GB',
      javaScriptEnabled: false,
    });
    const page = await withoutScript.newPage();
    await page.goto(`${running.baseUrl}/map?q=flensburg`);
    assert.equal(await page.locator('#map').isVisible(), false);
    await page.getByLabel('Trade').selectOption({ label: 'Cooking' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: 'Hotel Fördeblick — Küche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hotel Fördeblick — Küche' }).waitFor();
    await assertNoEmailAddress(page);
    await page.getByRole('link', { name: 'Back to the map' }).click();
    await assertNoEmailAddress(page);
    await withoutScript.close();

    // axe runs in the page, so the same pages are checked again with scripts on, at phone width.
    const phone = await running.browser.newContext({
      viewport: { width: 390, height: 800 },
      locale: 'en-GB',
      isMobile: true,
      hasTouch: true,
    });
    const visitor = await phone.newPage();
    for (const path of ['/map?q=flensburg&trade=cooking', '/map/alumni/yanis-legnica-2024']) {
      await visitor.goto(`${running.baseUrl}${path}`);
      await assertAccessible(visitor);
      await assertNoEmailAddress(visitor);
      const width = await visitor.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(width <= 390, `${path} is ${width}px wide on a phone`);
    }
    await phone.close();
  });
});
