import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, like } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { networkCalls, organisations, outboxMessages } from '../src/server/db/schema/index.js';
import { buildPerson } from '../src/server/testing/factories.js';
import { testPassword } from '../src/server/testing/test-app.js';

const world = readDemoWorld();
let running: RunningApp;
before(async () => {
  running = await startAppWithBrowser();
});
after(async () => {
  await running?.close();
});

async function signIn(email: string, password: string): Promise<Page> {
  const context = await running.browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(password);
  await page.locator('main').getByRole('button').click();
  await page.waitForURL(`${running.baseUrl}/`);
  return page;
}

/** A staff member of one of the demo network's training centres (the demo world has none yet). */
async function staffOf(legalName: string, role: 'mobility_coach' | 'teacher', givenName: string) {
  const [organisation] = await running.db.select().from(organisations).where(eq(organisations.legalName, legalName));
  return buildPerson(running.db, {
    givenName,
    familyName: 'Référent',
    email: `${givenName.toLowerCase()}@cfa.example`,
    roles: [[organisation!.id, role]],
  });
}

/** `datetime-local` value, in Paris time, `days` from now. */
function parisInputIn(days: number) {
  const formatted = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
  return formatted.replace(' ', 'T').slice(0, 16);
}

const callTitle = 'Tutorat des apprentis en mobilité longue 2027';

async function openTheCall(page: Page, callUrl: string) {
  await page.goto(callUrl);
  await page.getByRole('heading', { level: 1, name: callTitle }).waitFor();
  await assertAccessible(page);
}

async function applyFor(email: string, centre: string, project: string, amount: string, submit: boolean, callUrl: string) {
  const page = await signIn(email, testPassword);
  await page.getByRole('link', { name: 'Appels à projets' }).first().click();
  await page.getByRole('link', { name: callTitle }).click();
  await assertAccessible(page);
  await page.getByRole('button', { name: `Commencer une candidature pour ${centre}` }).click();
  await page.getByLabel('Titre du projet').fill(project);
  await page.getByLabel('Niveau CEC des apprentis').selectOption('4');
  await page.getByLabel('Durée prévue de la mobilité (jours)').fill('120');
  await page.getByLabel('Montant demandé (euros)').fill(amount);
  await page.getByLabel('Accompagnement prévu').fill('Un tuteur par apprenti, un point hebdomadaire en visio, une visite à mi-parcours.');
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.getByText('Brouillon enregistré.').waitFor();
  assert.ok(page.url().startsWith(`${callUrl}/applications/`));
  if (submit) {
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.getByText('Votre candidature a été envoyée.').waitFor();
    await assertAccessible(page);
  }
  return page;
}

async function scoreBoth(email: string, callUrl: string, scores: [string, string]) {
  const page = await signIn(email, testPassword);
  await openTheCall(page, callUrl);
  for (const [index, centre] of ['CFA Transport Logistique Lyon', 'CFA des Métiers de Tours'].entries()) {
    await page.getByRole('region', { name: 'Candidatures à évaluer' }).getByRole('link', { name: centre }).click();
    await page.getByLabel('Note de 0 à 10').selectOption(scores[index]!);
    await page.getByLabel('Commentaire', { exact: true }).fill('Accompagnement décrit précisément.');
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer mes notes' }).click();
    await page.getByText('Vos notes sont enregistrées.').waitFor();
    await page.goto(callUrl);
  }
  await page.context().close();
}

describe('a call for projects of the network', () => {
  it('the animator opens a call, two centres apply, a late submission is refused, two reviewers score, the animator decides and the applicants are emailed', async () => {
    const lyon = await staffOf('CFA Transport Logistique Lyon', 'mobility_coach', 'Amandine');
    const tours = await staffOf('CFA des Métiers de Tours', 'mobility_coach', 'Bastien');
    const nantes = await staffOf('CFA Hôtellerie-Restauration Nantes', 'mobility_coach', 'Claire');
    const lille = await staffOf('CFA du Bâtiment Lille', 'teacher', 'David');
    const rennes = await staffOf("CFA de l'Artisanat Rennes", 'teacher', 'Emma');
    const marcEmail = world.people.find((person) => person.key === 'animator')!.email;

    const marc = await signIn(marcEmail, world.password);
    await marc.getByRole('link', { name: 'Appels à projets' }).first().click();
    await marc.getByRole('link', { name: /Accompagnement pédagogique des mobilités longues/ }).waitFor();
    await assertAccessible(marc);
    await marc.getByRole('link', { name: 'Ouvrir un appel dans Réseau Mobilité Apprentissage' }).click();
    await marc.getByLabel(/^Titre/).fill(callTitle);
    await marc.getByLabel(/Règlement de l’appel/).fill('## Objet\n\nFinancer le **tutorat** des apprentis partis 90 jours ou plus.');
    for (const level of ['3', '4', '5']) await marc.getByLabel(`niveau CEC ${level}`, { exact: true }).check();
    await marc.getByLabel('Durée minimale de la mobilité (jours)').fill('90');
    await marc.getByLabel('Budget (euros)').fill('12000');
    await marc.getByLabel('Date limite').fill(parisInputIn(2));
    await marc.locator('#field-field-0-label').fill('Accompagnement prévu');
    await marc.locator('#field-field-0-kind').selectOption('long_text');
    await marc.locator('input[name="field-0-required"]').check();
    await marc.locator('#field-criterion-0-label').fill('Qualité du tutorat');
    await marc.locator('#field-criterion-0-weight').fill('1');
    await assertAccessible(marc);
    await marc.getByRole('button', { name: 'Ouvrir l’appel' }).click();
    await marc.getByText('L’appel est ouvert.').waitFor();
    const callUrl = marc.url().split('?')[0]!;
    assert.equal(await marc.getByRole('region', { name: 'Règlement de l’appel' }).locator('strong').textContent(), 'tutorat');
    await assertAccessible(marc);

    (await applyFor(lyon.email!, 'CFA Transport Logistique Lyon', 'Tuteurs relais à Valence', '7000', true, callUrl)).context().close();
    (await applyFor(tours.email!, 'CFA des Métiers de Tours', 'Suivi à distance en Allemagne', '6000', true, callUrl)).context().close();
    const late = await applyFor(
      nantes.email!,
      'CFA Hôtellerie-Restauration Nantes',
      'Visites en cuisine à Séville',
      '5000',
      false,
      callUrl,
    );
    // The browser app runs on the real clock: time passing is the deadline moving into the past.
    await running.db
      .update(networkCalls)
      .set({ deadline: new Date(Date.now() - 60_000) })
      .where(eq(networkCalls.title, callTitle));
    await late.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await late.getByRole('alert').getByText('La date limite de cet appel est passée').waitFor();
    await assertAccessible(late);
    await late.context().close();

    await openTheCall(marc, callUrl);
    for (const reviewer of [lille, rennes]) {
      await marc.getByLabel('Adresse e-mail d’un évaluateur').fill(reviewer.email!);
      await marc.getByRole('button', { name: 'Ajouter l’évaluateur' }).click();
      await marc.getByText('Évaluateur ajouté.').waitFor();
    }
    await assertAccessible(marc);
    await scoreBoth(lille.email!, callUrl, ['9', '6']);
    await scoreBoth(rennes.email!, callUrl, ['8', '7']);

    await marc.getByRole('link', { name: 'Classement et décision' }).click();
    const rows = marc.getByRole('table').getByRole('row');
    assert.match((await rows.nth(1).textContent()) ?? '', /CFA Transport Logistique Lyon.*8,5/);
    await assertAccessible(marc);
    await marc.getByLabel('Décision — CFA Transport Logistique Lyon').selectOption('funded');
    await marc.getByLabel('Montant accordé (euros) — CFA Transport Logistique Lyon').fill('7000');
    await marc.getByLabel('Décision — CFA des Métiers de Tours').selectOption('waiting_list');
    await marc.getByRole('button', { name: 'Enregistrer les décisions et prévenir les candidats' }).click();
    await marc.getByText('Décisions enregistrées ; les candidats sont prévenus.').waitFor();
    await assertAccessible(marc);

    const mails = await running.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'network-call-decision:%'));
    const mailTo = (address: string) => mails.find((mail) => mail.toAddress === address);
    assert.match(mailTo(lyon.email!)!.textBody, /est financé .* pour 7\s000 €/);
    assert.match(mailTo(tours.email!)!.textBody, /liste d’attente/);
    assert.equal(mailTo(nantes.email!), undefined);
    await marc.context().close();
  });
});
