import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
const world = readDemoWorld();
const emailOf = (key: string) => world.people.find((person) => person.key === key)!.email;
const fixture = readFileSync('src/server/mobilities/spreadsheets/fixtures/learners-fr-excel-cp1252.csv');

before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

async function signIn(browser: Browser, key: string, locale = 'fr-FR'): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(emailOf(key));
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return page;
}

/** Reads the newest email to an address from the development outbox, as the person would open it. */
async function latestMail(browser: Browser, address: string) {
  const context = await browser.newContext();
  const outbox = await context.newPage();
  await outbox.goto(`${running.baseUrl}/dev/mail`);
  await outbox.getByRole('row').filter({ hasText: address }).first().getByRole('link').click();
  const subject = await outbox.getByRole('heading', { level: 1 }).textContent();
  const body = await outbox.locator('pre').innerText();
  const language = (await outbox.locator('main p:not(.breadcrumb)').first().innerText()).split('·').pop()!.trim();
  const link = await outbox.locator('pre a').first().getAttribute('href');
  await context.close();
  return { subject: subject ?? '', body, language, link };
}

describe('a coach runs a project from a spreadsheet', () => {
  it('a coach creates a project, imports a French-Excel CSV, fixes two bad rows, and is told why a minor cannot be confirmed', async () => {
    const page = await signIn(running.browser, 'coach-lyon');
    await page.getByRole('link', { name: 'Projets', exact: true }).click();
    await page.getByRole('link', { name: 'Nouveau projet' }).click();
    await assertAccessible(page);
    await page.getByLabel('Code du projet').fill('2026-1-FR01-KA121-VET-000424242');
    await page.getByLabel('Intitulé').fill('Mobilités 2026-2027 des apprentis conducteurs');
    await page.getByLabel('Début').fill('2025-09-01');
    await page.getByLabel('Fin').fill('2027-08-31');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: 'Mobilités 2026-2027 des apprentis conducteurs' }).waitFor();
    await assertAccessible(page);

    await page.getByRole('link', { name: 'Importer des apprenants depuis un tableur' }).click();
    await page.getByLabel('Tableur').setInputFiles({ name: 'apprenants.csv', mimeType: 'text/csv', buffer: fixture });
    await page.getByRole('button', { name: "Voir l'aperçu" }).click();
    const errors = page.locator('.error-summary');
    await errors.waitFor();
    const errorText = await errors.innerText();
    assert.match(errorText, /3 erreur\(s\) à corriger/);
    assert.match(errorText, /14\s+Date de naissance/);
    assert.match(errorText, /27\s+Courriel/);
    assert.match(errorText, /Rien n'a été enregistré/);
    await assertAccessible(page);

    const fixed = iconv.encode(
      iconv.decode(fixture, 'win1252').replace('31/02/2007', '28/02/2007').replace('noe.rivière@;06 24 72 81 42;;;;CAP Conducteur livreur de marchandises;3;Transportes Levante S.L.;Valencia;Espagne;;', 'bastien.perrot@eleve.lycee-exemple.fr;06 24 72 81 42;;;;CAP Conducteur livreur de marchandises;3;Transportes Levante S.L.;Valencia;Espagne;05-04-2026;'),
      'win1252',
    );
    await page.getByRole('link', { name: 'Déposer un fichier corrigé' }).click();
    await page.getByLabel('Tableur').setInputFiles({ name: 'apprenants-corrige.csv', mimeType: 'text/csv', buffer: fixed });
    await page.getByRole('button', { name: "Voir l'aperçu" }).click();
    await page.getByRole('button', { name: 'Importer les 40 apprenant(s)' }).click();
    await page.getByText("L'import est terminé.").waitFor();
    await page.getByText('40 résultat(s)').waitFor();
    await assertAccessible(page);

    // A minor placed without her guardian's consent: the confirmation is refused, with the reasons.
    await page.getByLabel('Mineur au départ').selectOption('yes');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.locator('tbody tr').first().getByRole('link').click();
    for (const step of ['Passer en candidature', 'Sélectionner']) {
      await page.getByRole('button', { name: step }).click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('button', { name: 'Confirmer' }).click();
    const refusal = await page.getByRole('alert').innerText();
    assert.match(refusal, /ne peut pas encore être confirmée/);
    const missing = await page.locator('section').filter({ has: page.locator('#missing') }).innerText();
    assert.match(missing, /Le tuteur en entreprise/);
    assert.match(missing, /consentement du représentant légal : à la mobilité/);
    assert.match(missing, /Deux contacts d'urgence différents côté accueil/);
    await assertAccessible(page);
    await page.context().close();
  });
});

describe('offers and selection', () => {
  it('a learner applies, her employer agrees from a link in Spanish, the coach ranks three, selects one and waiting-lists another', async () => {
    const coach = await signIn(running.browser, 'coach-lyon');
    await coach.getByRole('link', { name: 'Offres' }).click();
    await coach.getByRole('link', { name: 'Publier une offre' }).click();
    await coach.getByLabel('Projet').selectOption({ label: 'ErasmusPro apprentis transport-logistique (2025-1-FR01-KA121-VET-000345678)' });
    await coach.getByLabel('Intitulé').fill('Quai logistique au port de Valencia');
    await coach.getByLabel('Ville').fill('Valencia');
    await coach.getByLabel('Code pays').fill('ES');
    await coach.getByLabel("Organisme d'accueil (s'il est connu)").selectOption({ label: 'Transportes Turia S.L. — Valencia' });
    await coach.getByLabel('Début').fill('2027-04-05');
    await coach.getByLabel('Fin').fill('2027-05-02');
    await coach.getByLabel('Places').fill('1');
    await coach.getByLabel('Candidater avant le').fill('2099-12-31');
    await assertAccessible(coach);
    await coach.getByRole('button', { name: 'Publier une offre' }).click();
    await coach.getByRole('heading', { name: 'Quai logistique au port de Valencia' }).waitFor();
    const offerUrl = coach.url().split('?')[0]!;

    for (const key of ['learner-7', 'learner-8', 'learner-9']) {
      const learner = await signIn(running.browser, key);
      await learner.goto(offerUrl);
      // Learners read the page in their own language (Lucas in Spanish): fields are found by their ids.
      await learner.locator('#field-motivation').fill(`Je veux travailler sur un quai portuaire et progresser en espagnol, c'est mon projet (${key}).`);
      await learner.locator('#field-languageLevel').selectOption('B1');
      if (key === 'learner-7') {
        await learner.locator('#field-employerName').fill('Transports Rhône SA, M. Perret');
        await learner.locator('#field-employerEmail').fill('rh@transports-rhone.example');
        await learner.locator('#field-employerLanguage').selectOption('es');
        await assertAccessible(learner);
      }
      await learner.locator('form[action$="/apply"] button[type=submit]').click();
      await learner.locator('.notice').waitFor();
      await learner.context().close();
    }

    const employerMail = await latestMail(running.browser, 'rh@transports-rhone.example');
    assert.equal(employerMail.language, 'es');
    const employerContext = await running.browser.newContext({ viewport: { width: 390, height: 844 } });
    const employer = await employerContext.newPage();
    await employer.goto(employerMail.link!);
    assert.equal(await employer.locator('html').getAttribute('lang'), 'es');
    await assertAccessible(employer);
    await employer.locator('main').getByRole('button').first().click();
    await employer.getByRole('status').waitFor();
    await employerContext.close();

    await coach.goto(`${offerUrl}/applications`);
    const marks: Record<string, number[]> = { Diallo: [5, 4, 4, 5], Garnier: [4, 4, 4, 2], Bernard: [2, 3, 3, 0] };
    for (const [name, values] of Object.entries(marks)) {
      const card = coach.locator('.card').filter({ hasText: name });
      for (const [index, criterion] of ['Motivation', 'Langue', 'Maturité et autonomie', "Moins d'opportunités (prioritaire)"].entries()) {
        await card.getByLabel(criterion, { exact: true }).selectOption(String(values[index]));
      }
      await card.getByRole('button', { name: 'Enregistrer les notes' }).click();
      await coach.waitForLoadState('load');
    }
    const headings = await coach.locator('.card h2').allInnerTexts();
    assert.deepEqual(headings.map((heading) => heading.split('— ')[1]!.trim()), ['Inaya Diallo', 'Théo Garnier', 'Lucas Bernard']);
    await assertAccessible(coach);
    await coach.locator('.card').filter({ hasText: 'Diallo' }).getByRole('button', { name: 'Retenir', exact: true }).click();
    await coach.getByText("La décision est enregistrée et l'apprenant prévenu par e-mail.").waitFor();
    await coach.locator('.card').filter({ hasText: 'Garnier' }).getByRole('button', { name: "Liste d'attente" }).click();
    await coach.getByText("La décision est enregistrée et l'apprenant prévenu par e-mail.").waitFor();

    const selected = await latestMail(running.browser, emailOf('learner-7'));
    assert.equal(selected.language, 'fr');
    assert.match(selected.body, /Bonne nouvelle/);
    const waiting = await latestMail(running.browser, emailOf('learner-8'));
    assert.match(waiting.body, /liste d'attente/);
    await coach.locator('.card').filter({ hasText: 'Bernard' }).getByRole('button', { name: 'Ne pas retenir' }).click();
    await coach.getByText("La décision est enregistrée et l'apprenant prévenu par e-mail.").waitFor();
    const rejected = await latestMail(running.browser, emailOf('learner-9'));
    assert.equal(rejected.language, 'es');
    assert.match(rejected.body, /no ha sido seleccionada/);

    await coach.goto(`${running.baseUrl}/mobilities?search=Diallo`);
    assert.match(await coach.locator('tbody').innerText(), /Sélectionnée/);
    await coach.context().close();
  });
});
