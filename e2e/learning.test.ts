import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { attempts, courseCertificates, people } from '../src/server/db/schema/index.js';
import { readDemoWorld } from '../src/server/db/seed/demo.js';
import { rightAnswerFields, seedTestCourse } from '../src/server/testing/learning-factories.js';
import { assertAccessible, startAppWithBrowser, type RunningApp } from './browser.js';

let running: RunningApp;
let fixture: Awaited<ReturnType<typeof seedTestCourse>>;
before(async () => {
  running = await startAppWithBrowser();
  fixture = await seedTestCourse(running.db);
});
after(async () => {
  await running?.close();
});

const world = readDemoWorld();

async function signIn(page: Page, email: string) {
  await page.goto(`${running.baseUrl}/login`);
  await page.getByLabel(/Adresse e-mail|Email address/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(world.password);
  await page
    .getByRole('button', { name: /Se connecter|Sign in/ })
    .last()
    .click();
  await page.waitForURL(`${running.baseUrl}/`);
}

/** Presses Tab until the element has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 300; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error('could not reach the element with the Tab key');
}

/** Tabs into a radio group, then checks the wanted radio with Space and the arrow keys. */
async function chooseRadio(page: Page, name: string, value: string) {
  const group = page.locator(`input[type=radio][name="${name}"]`);
  for (let presses = 0; presses < 300; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => (document.activeElement as HTMLInputElement | null)?.name === wanted, name)) break;
  }
  await page.keyboard.press('Space');
  const count = await group.count();
  for (let step = 0; step < count; step += 1) {
    if (await page.locator(`input[type=radio][name="${name}"][value="${value}"]`).isChecked()) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.ok(await page.locator(`input[type=radio][name="${name}"][value="${value}"]`).isChecked(), `radio ${name}=${value}`);
}

/** Moves a focused select to the wanted option with the arrow keys (no mouse, no drag-and-drop). */
async function chooseOption(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  const values = await select.evaluate((element) => [...(element as HTMLSelectElement).options].map((option) => option.value));
  const current = await select.evaluate((element) => (element as HTMLSelectElement).selectedIndex);
  const wanted = values.indexOf(value);
  const key = wanted > current ? 'ArrowDown' : 'ArrowUp';
  for (let step = 0; step < Math.abs(wanted - current); step += 1) await page.keyboard.press(key);
  assert.equal(await select.inputValue(), value);
}

/** Fills one question's right answer with the keyboard only, from the fields a browser would send. */
async function answerWithKeyboard(page: Page, fields: Record<string, string | string[]>) {
  for (const [name, value] of Object.entries(fields)) {
    if (name.endsWith('-shown')) continue;
    const elements = page.locator(`[name="${name}"]`);
    const first = elements.first();
    const kind = await first.evaluate((element) =>
      element instanceof HTMLSelectElement
        ? 'select'
        : element instanceof HTMLTextAreaElement
          ? 'textarea'
          : (element as HTMLInputElement).type,
    );
    if (kind === 'radio') await chooseRadio(page, name, value as string);
    else if (kind === 'checkbox') {
      for (const item of Array.isArray(value) ? value : [value]) {
        await tabTo(page, page.locator(`[name="${name}"][value="${item}"]`));
        await page.keyboard.press('Space');
      }
    } else if (kind === 'select') await chooseOption(page, first, value as string);
    else {
      await tabTo(page, first);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(value as string);
    }
  }
}

async function pressButton(page: Page, name: RegExp, nextUrl: RegExp) {
  await tabTo(page, page.getByRole('button', { name }));
  await Promise.all([page.waitForURL(nextUrl), page.keyboard.press('Enter')]);
}

describe('e-learning', () => {
  it('a learner takes a quiz with every question type using only the keyboard, resumes after a reload, passes and gets a verifiable certificate', async () => {
    const learner = world.people.find((person) => person.demoRole === 'learner')!;
    const coach = world.people.find((person) => person.demoRole === 'mobility_coach')!;
    const context = await running.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, learner.email);

    await page.goto(`${running.baseUrl}/learn`);
    await assertAccessible(page);
    await tabTo(page, page.getByRole('link', { name: 'Tous les types de questions' }));
    await Promise.all([page.waitForURL(/\/learn\/courses\/all-types$/), page.keyboard.press('Enter')]);
    await assertAccessible(page);
    await pressButton(page, /M'inscrire/, /notice=learning.course.enrolled/);
    assert.match(await page.locator('section[aria-labelledby="checklist"]').innerText(), /Reste à faire/);
    await assertAccessible(page);

    await tabTo(page, page.getByRole('link', { name: 'Welcome to the test course' }));
    await Promise.all([page.waitForURL(/\/lessons\//), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main').innerText(), /What you will do/);
    await assertAccessible(page);

    await page.goto(`${running.baseUrl}/learn/activities/${fixture.quiz.id}`);
    await assertAccessible(page);
    await pressButton(page, /Commencer le quiz/, /\/learn\/attempts\//);
    const attemptId = /\/learn\/attempts\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const answers = await rightAnswerFields(running.db, attemptId, 'I call 112 first, then I tell my tutor and my coach.');
    assert.deepEqual(new Set(answers.map((answer) => answer.question.type)).size, 9, 'the quiz has every question type');
    const source = await page.content();
    for (const secret of ['Right: 112 is free', 'one-one-two', 'The directive sets 30 minutes'])
      assert.ok(!source.includes(secret), secret);

    const perPage = fixture.quiz.questionsPerPage;
    const pageCount = Math.ceil(answers.length / perPage);
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber += 1) {
      await assertAccessible(page);
      for (const answer of answers.slice((pageNumber - 1) * perPage, pageNumber * perPage)) await answerWithKeyboard(page, answer.fields);
      if (pageNumber === 2) {
        // The connection drops: she saves, reloads, and finds her answers on the server.
        await pressButton(page, /Enregistrer mes réponses/, /notice=learning.attempt.saved/);
        await page.reload();
        for (const answer of answers.slice(perPage, 2 * perPage)) {
          for (const [name, value] of Object.entries(answer.fields)) {
            if (name.endsWith('-shown') || Array.isArray(value)) continue;
            const element = page.locator(`[name="${name}"]`).first();
            const type = await element.getAttribute('type');
            if (type === 'radio') assert.ok(await page.locator(`[name="${name}"][value="${value}"]`).isChecked(), name);
            else assert.equal(await element.inputValue(), value, name);
          }
        }
      }
      await pressButton(
        page,
        pageNumber === pageCount ? /Rendre mes réponses/ : /Page suivante/,
        pageNumber === pageCount ? /\/review/ : new RegExp(`page=${pageNumber + 1}`),
      );
    }
    await page.waitForURL(/\/review/);
    assert.match(await page.locator('main').innerText(), /attendent un formateur/);
    await assertAccessible(page);

    // Her coach grades the essay.
    const coachContext = await running.browser.newContext({ locale: 'fr-FR' });
    const coachPage = await coachContext.newPage();
    await signIn(coachPage, coach.email);
    await coachPage.goto(`${running.baseUrl}/learn/courses/all-types/gradebook`);
    await assertAccessible(coachPage);
    await coachPage.getByRole('link', { name: /Corriger les réponses rédigées de Léa Dubois/ }).click();
    await assertAccessible(coachPage);
    const essay = answers.find((answer) => answer.question.type === 'essay')!;
    const [attempt] = await running.db.select().from(attempts).where(eq(attempts.id, attemptId));
    const essayRowId = attempt!.questionIds[essay.number - 1]!;
    await coachPage.locator(`#field-score-${essayRowId}`).fill('90');
    await coachPage.locator(`#field-comment-${essayRowId}`).fill('Clair et complet.');
    await coachPage.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await coachPage.waitForURL(/notice=/);
    await coachContext.close();

    await page.goto(`${running.baseUrl}/learn/courses/all-types`);
    assert.match(await page.locator('section[aria-labelledby="checklist"]').innerText(), /Formation terminée/);
    await assertAccessible(page);
    await tabTo(page, page.getByRole('link', { name: /Télécharger l'attestation/ }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    const [person] = await running.db.select().from(people).where(eq(people.email, learner.email));
    const [certificate] = await running.db
      .select()
      .from(courseCertificates)
      .where(and(eq(courseCertificates.personId, person!.id), eq(courseCertificates.courseId, fixture.course.id)));
    const verifier = await running.browser.newContext({ locale: 'de-DE' });
    const verifyPage = await verifier.newPage();
    await verifyPage.goto(`${running.baseUrl}/verify/${certificate!.code}`);
    assert.match(await verifyPage.locator('main').innerText(), /echt/);
    assert.match(await verifyPage.locator('main').innerText(), /Léa Dubois/);
    await assertAccessible(verifyPage);
    const unknown = await verifyPage.goto(`${running.baseUrl}/verify/AAAA-BBBB-CCCC-DDDD`);
    assert.equal(unknown!.status(), 404);
    await verifier.close();
    await context.close();
  });
  it('a coach enrols a learner, schedules a webinar, records attendance and opens a module assignment, on accessible pages', async () => {
    const coach = world.people.find((person) => person.demoRole === 'mobility_coach')!;
    const context = await running.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, coach.email);
    await page.goto(`${running.baseUrl}/learn/courses/safety/enrolments`);
    await assertAccessible(page);
    await page.getByLabel(/Mathis Girard/).check();
    await page.getByRole('button', { name: /Enrol the selected people|Inscrire les personnes/ }).click();
    await page.waitForURL(/gradebook/);
    assert.match(await page.locator('main').innerText(), /Girard/);
    await assertAccessible(page);

    await page.goto(`${running.baseUrl}/learn/courses/safety/webinars/new`);
    await assertAccessible(page);
    await page.getByLabel(/Title of the session|Titre de la séance/).fill('Q&A before departure');
    await page.getByLabel(/Date and time|Date et heure/).fill('2027-02-10T17:30');
    await page.getByLabel(/Link to join|Lien pour rejoindre/).fill('https://visio.example.org/safety');
    await page.getByRole('button', { name: /Schedule the session|Programmer la séance/ }).click();
    await page.waitForURL(/\/learn\/activities\//);
    await assertAccessible(page);
    await page.getByRole('link', { name: /Record attendance|Noter les présences/ }).click();
    await assertAccessible(page);
    await page.getByLabel(/Mathis Girard/).check();
    await page.getByRole('button', { name: /Save the attendance|Enregistrer les présences/ }).click();
    await page.waitForURL(/notice=/);
    assert.ok(await page.getByLabel(/Mathis Girard/).isChecked());

    await page.goto(`${running.baseUrl}/learn/courses/coach-kit`);
    await page.getByRole('button', { name: /Enrol in this course|M'inscrire/ }).click();
    await page.waitForURL(/notice=/);
    await assertAccessible(page);
    await page
      .locator('a', { hasText: /Work to hand in|Travail à rendre/ })
      .first()
      .click();
    await assertAccessible(page);
    await page
      .getByLabel(/Your file|Votre fichier/)
      .setInputFiles({ name: 'note.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n% project note\n') });
    await page.getByRole('button', { name: /Send my work|Envoyer mon travail/ }).click();
    await page.waitForURL(/notice=/);
    assert.match(await page.locator('main').innerText(), /note\.pdf/);
    await assertAccessible(page);
    await context.close();
  });
});
