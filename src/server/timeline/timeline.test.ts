import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { auditLog, mobilities, timelineSteps, timelineTemplates } from '../db/schema/index.js';
import { seedDemo } from '../db/seed/demo.js';
import { loadViewer } from '../accounts/viewer.js';
import { updateMobility } from '../mobilities/mobilities.service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { completeMinorRequirements, demoMobilityOf, demoPersonId, signedInDemo } from '../testing/timeline-factories.js';
import { loadTimelineDocuments } from './timeline-content.js';
import { seedTimelines } from './timeline.service.js';

let testApp: TestApp;
let leaMobilityId: string;

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
  await seedTimelines(testApp.db);
  leaMobilityId = await demoMobilityOf(testApp.db, 'learner');
});
after(async () => {
  await testApp.close();
});

const stepsOf = (mobilityId: string) => testApp.db.select().from(timelineSteps).where(eq(timelineSteps.mobilityId, mobilityId));
const stepByKey = async (mobilityId: string, slug: string, key: string) =>
  (await stepsOf(mobilityId)).find((step) => step.templateSlug === slug && step.key === key)!;

describe('timeline templates from content/', () => {
  it('seeds each template once, gives the already confirmed demo mobilities their timeline, and publishes a new version only when the file says so', async () => {
    const content = await testApp.db.select().from(timelineTemplates).where(isNull(timelineTemplates.organisationId));
    assert.deepEqual(content.map((row) => `${row.slug}@${row.version}`).sort(), [
      'host-organisation@1',
      'learner-mobility@1',
      'staff-mobility@1',
    ]);
    const again = await seedTimelines(testApp.db);
    assert.deepEqual(again, { templatesAdded: 0, timelinesCreated: 0, problems: [] });

    // Mathis (adult at departure, confirmed in the demo world) has learner and host steps, none for minors.
    const mathis = await stepsOf(await demoMobilityOf(testApp.db, 'learner-2'));
    assert.ok(mathis.some((step) => step.templateSlug === 'host-organisation' && step.key === 'welcome-safety-induction'));
    assert.equal(mathis.filter((step) => step.key === 'guardian-consent' || step.key === 'young-worker-risk-assessment').length, 0);
    const staff = await stepsOf(await demoMobilityOf(testApp.db, 'teacher'));
    assert.ok(staff.length > 0 && staff.every((step) => step.templateSlug === 'staff-mobility'));

    const [learnerTemplate] = loadTimelineDocuments().filter((document) => document.slug === 'learner-mobility');
    const edited = {
      ...learnerTemplate!,
      steps: learnerTemplate!.steps.map((step) =>
        step.key === 'present-project' ? { ...step, title: { ...step.title, en: 'Present the project (v2)' } } : step,
      ),
    };
    assert.match((await seedTimelines(testApp.db, [edited])).problems[0]!, /without a new version/);
    const published = await seedTimelines(testApp.db, [{ ...edited, version: 2 }]);
    assert.equal(published.templatesAdded, 1);
    assert.ok(
      mathis.every((step) => step.templateSlug !== 'learner-mobility' || step.templateVersion === 1),
      'running mobilities keep their version',
    );
  });
});

describe('confirming a minor’s mobility', () => {
  it('instantiates the learner and host templates with real dates and the minor-only steps, in the confirmation’s transaction', async () => {
    await completeMinorRequirements(testApp.db, leaMobilityId);
    const coach = await signedInDemo(testApp, 'coach');
    assert.equal((await coach.post(`/mobilities/${leaMobilityId}/transitions/confirm`)).status, 303);
    const steps = await stepsOf(leaMobilityId);
    const induction = steps.find((step) => step.key === 'welcome-safety-induction')!;
    assert.equal(induction.dueDate, '2027-03-02', 'departure 2027-03-01 + 1 day');
    assert.equal(steps.find((step) => step.key === 'learner-debrief-survey')!.dueDate, '2027-04-04', 'return 2027-03-28 + 7 days');
    assert.ok(
      steps.some((step) => step.key === 'guardian-consent'),
      'minor-only steps apply to Léa',
    );
    assert.ok(!steps.some((step) => step.key === 'local-registration'), 'ErasmusPro-only steps do not');
    assert.ok(steps.find((step) => step.key === 'present-project')!.templateVersion === 2, 'new mobilities take the latest version');
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, leaMobilityId), eq(auditLog.action, 'timeline.instantiated')));
    assert.equal(audit.length, 1);
  });

  it('shows each person only their own steps: the learner her checklist, the guardian his, the tutor the host steps in German', async () => {
    const learner = await (await (await signedInDemo(testApp, 'learner')).get(`/mobilities/${leaMobilityId}/timeline`)).text();
    assert.match(learner, /Préparation linguistique|Suivre la formation sécurité|formation sécurité/);
    assert.doesNotMatch(learner, /Empfang|Accueil et formation sécurité le premier jour/);
    assert.doesNotMatch(learner, /Présenter le projet|Préparer et présenter le projet/);

    const guardian = await (await (await signedInDemo(testApp, 'guardian')).get(`/mobilities/${leaMobilityId}/timeline`)).text();
    assert.match(guardian, /Représentant légal/);
    assert.doesNotMatch(guardian, /Tuteur en entreprise|Apprenant</);

    const tutorClient = await signedInDemo(testApp, 'host-tutor');
    const tutor = await (await tutorClient.get(`/mobilities/${leaMobilityId}/timeline`)).text();
    assert.match(tutor, /<html lang="de"/);
    assert.match(tutor, /Empfang und Sicherheitsunterweisung am ersten Tag/);
    assert.doesNotMatch(tutor, /Ansprechperson der Gasteinrichtung|Erziehungsberechtigte/);

    const coach = await (await (await signedInDemo(testApp, 'coach')).get(`/mobilities/${leaMobilityId}/timeline`)).text();
    assert.match(coach, /Tuteur en entreprise/);
    assert.match(coach, /Représentant légal/);
    assert.match(coach, /En retard/, 'steps due months before departure are overdue, in words');

    const stranger = await signedInDemo(testApp, 'coach-lyon');
    assert.equal((await stranger.get(`/mobilities/${leaMobilityId}/timeline`)).status, 404);
    const home = await (await tutorClient.get('/')).text();
    assert.match(home, /Ihre nächsten Schritte/);
  });

  it('lets the tutor mark the safety induction done with a note, refuses it without the confirmation, and shows it on the coach’s board', async () => {
    const induction = await stepByKey(leaMobilityId, 'host-organisation', 'welcome-safety-induction');
    const tutor = await signedInDemo(testApp, 'host-tutor');
    const path = `/mobilities/${leaMobilityId}/timeline/steps/${induction.id}`;
    const refused = await tutor.post(`${path}/complete`, { note: 'Sicherheitsschuhe ausgegeben' });
    assert.equal(refused.status, 400);
    const refusedPage = await refused.text();
    assert.match(refusedPage, /Kreuzen Sie das Kästchen zur Bestätigung an/);
    assert.match(refusedPage, /Sicherheitsschuhe ausgegeben/, 'keeps what was typed');
    assert.equal(
      (await tutor.post(`${path}/complete`, { note: 'Rundgang, Notausgänge, Sicherheitsschuhe ausgegeben', confirmed: 'yes' })).status,
      303,
    );
    assert.equal((await tutor.post(`${path}/complete`, { confirmed: 'yes' })).status, 409, 'a done step cannot be done twice');
    const done = await stepByKey(leaMobilityId, 'host-organisation', 'welcome-safety-induction');
    assert.equal(done.status, 'done');
    assert.equal(done.note, 'Rundgang, Notausgänge, Sicherheitsschuhe ausgegeben');
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, induction.id), eq(auditLog.action, 'timeline_step.completed')));
    assert.equal(audit.length, 1);

    const coach = await signedInDemo(testApp, 'coach');
    const board = await (await coach.get('/timeline/board')).text();
    assert.match(
      board,
      /Faites récemment[\s\S]*Empfang und Sicherheitsunterweisung|Faites récemment[\s\S]*Accueil et formation sécurité le premier jour/,
    );
    assert.match(board, /Rundgang, Notausgänge/);
    assert.equal((await tutor.post(`${path}/skip`, { reason: 'non' })).status, 404, 'only the sending organisation skips a step');
  });

  it('lets the coach skip with a reason and reopen, and the learner may not act on someone else’s step', async () => {
    const travel = await stepByKey(leaMobilityId, 'learner-mobility', 'travel-booking');
    const coach = await signedInDemo(testApp, 'coach');
    const path = `/mobilities/${leaMobilityId}/timeline/steps/${travel.id}`;
    const noReason = await coach.post(`${path}/skip`, { reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.equal((await coach.post(`${path}/skip`, { reason: 'Voyage réservé par la région' })).status, 303);
    assert.equal((await stepByKey(leaMobilityId, 'learner-mobility', 'travel-booking')).status, 'skipped');
    assert.equal((await coach.post(`${path}/reopen`)).status, 303);
    assert.equal((await stepByKey(leaMobilityId, 'learner-mobility', 'travel-booking')).status, 'todo');
    const learner = await signedInDemo(testApp, 'learner');
    assert.equal((await learner.get(path)).status, 404);
    assert.equal((await learner.post(`${path}/complete`, { confirmed: 'yes' })).status, 404);
  });

  it('takes a document as evidence, checked by content, and serves it back', async () => {
    const insurance = await stepByKey(leaMobilityId, 'learner-mobility', 'insurance');
    const coach = await signedInDemo(testApp, 'coach');
    const path = `/mobilities/${leaMobilityId}/timeline/steps/${insurance.id}`;
    const upload = async (bytes: string, name: string) => {
      const body = new FormData();
      body.set('_csrf', coach.csrfToken);
      body.set('file', new File([bytes], name, { type: 'application/pdf' }));
      return coach.request(`${path}/complete`, { method: 'POST', body });
    };
    const wrong = await upload('not a pdf', 'attestation.pdf');
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /PDF, DOCX ou ODT/);
    assert.equal((await upload('%PDF-1.4 attestation', 'attestation.pdf')).status, 303);
    const file = await coach.get(`${path}/file`);
    assert.equal(file.status, 200);
    assert.equal(await file.text(), '%PDF-1.4 attestation');
  });

  it('moves the open steps’ due dates when the dates change, and leaves done steps alone', async () => {
    const coachId = await demoPersonId(testApp.db, 'coach');
    const viewer = (await loadViewer(testApp.db, coachId))!;
    const [mobility] = await testApp.db.select().from(mobilities).where(eq(mobilities.id, leaMobilityId));
    await updateMobility(testApp.db, { viewer, requestId: 'test', now: testApp.clock.now }, leaMobilityId, {
      startDate: '2027-03-08',
      endDate: '2027-04-04',
      tutorId: mobility!.tutorId,
      hostFamilyId: mobility!.hostFamilyId,
      travelDays: mobility!.travelDays,
      interruptionDays: 0,
      mainTransport: mobility!.mainTransport,
      isGreenTravel: mobility!.isGreenTravel,
      hasFewerOpportunities: false,
      fewerOpportunitiesJustification: null,
      isForceMajeure: false,
      forceMajeureExplanation: null,
      placementLanguage: mobility!.placementLanguage,
      cefrLevel: mobility!.cefrLevel,
    });
    assert.equal((await stepByKey(leaMobilityId, 'learner-mobility', 'learner-debrief-survey')).dueDate, '2027-04-11');
    assert.equal(
      (await stepByKey(leaMobilityId, 'host-organisation', 'welcome-safety-induction')).dueDate,
      '2027-03-02',
      'done steps keep their date',
    );
  });
});

describe('the coach board', () => {
  it('lists overdue and this-week steps by learner and by step, filtered, and is 404 to people without a board', async () => {
    const coach = await signedInDemo(testApp, 'coach');
    const overdue = await (await coach.get('/timeline/board?window=overdue&q=Dubois')).text();
    assert.match(overdue, /Léa Dubois/);
    assert.doesNotMatch(overdue, /Mathis Girard/);
    const byStep = await (await coach.get('/timeline/board?window=overdue&step=present-project')).text();
    assert.match(byStep, /Par étape/);
    assert.match(byStep, /Mathis Girard/);
    const learner = await signedInDemo(testApp, 'learner');
    assert.equal((await learner.get('/timeline/board')).status, 404);
  });
});

describe('organisation templates', () => {
  it('lets a coach copy a template, change, add, reorder and remove steps without code; the copy applies to the next confirmation', async () => {
    const coach = await signedInDemo(testApp, 'coach');
    const [host] = await testApp.db
      .select()
      .from(timelineTemplates)
      .where(and(eq(timelineTemplates.slug, 'host-organisation'), isNull(timelineTemplates.organisationId)));
    const roanne = (await loadViewer(testApp.db, await demoPersonId(testApp.db, 'coach')))!.memberships[0]!.organisationId;
    assert.equal(
      (await (await signedInDemo(testApp, 'coach-lyon')).post(`/timeline/templates/${host!.id}/copy`, { organisationId: roanne })).status,
      404,
    );
    const copied = await coach.post(`/timeline/templates/${host!.id}/copy`, { organisationId: roanne });
    assert.equal(copied.status, 303);
    const copyPath = copied.headers.get('location')!.split('?')[0]!;
    assert.equal((await coach.post(`/timeline/templates/${host!.id}/copy`, { organisationId: roanne })).status, 409);

    const page = await (await coach.get(copyPath)).text();
    const firstStepId = page.match(/steps\/([0-9a-f-]{36})"/)![1]!;
    const invalid = await coach.post(`${copyPath}/steps/${firstStepId}`, {
      phase: 'before',
      role: 'host_contact',
      anchor: 'departure',
      offsetDays: 'soon',
      evidence: 'checkbox',
      title_fr: 'Préparer l’équipe',
      title_en: '',
      guidance_fr: 'x',
      guidance_en: 'y',
    });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /Préparer l’équipe/);
    assert.equal(
      (
        await coach.post(`${copyPath}/steps/${firstStepId}`, {
          phase: 'before',
          role: 'host_contact',
          anchor: 'departure',
          offsetDays: '-45',
          evidence: 'checkbox',
          title_fr: 'Préparer l’équipe et le tuteur (Roanne)',
          title_en: 'Prepare the team and the tutor (Roanne)',
          guidance_fr: 'Réunion de lancement.',
          guidance_en: 'Kick-off meeting.',
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await coach.post(`${copyPath}/steps`, {
          phase: 'during',
          role: 'host_tutor',
          anchor: 'departure',
          offsetDays: '3',
          evidence: 'none',
          title_fr: 'Appel de la famille d’accueil',
          title_en: 'Call the host family',
          guidance_fr: 'Un appel court.',
          guidance_en: 'A short call.',
        })
      ).status,
      303,
    );
    assert.equal((await coach.post(`${copyPath}/steps/${firstStepId}/move`, { direction: 'down' })).status, 303);
    const edited = await (await coach.get(copyPath)).text();
    assert.match(edited, /Préparer l’équipe et le tuteur \(Roanne\)/);
    assert.match(edited, /Appel de la famille d’accueil/);
    const secondTitle = edited.match(/<h2>(?:<span[^>]*>)?([^<]+)/g)!;
    assert.match(secondTitle[1]!, /Préparer l’équipe et le tuteur \(Roanne\)/, 'moved down one place');
    assert.equal((await coach.post(`${copyPath}/steps/${firstStepId}/remove`)).status, 303);
    assert.doesNotMatch(await (await coach.get(copyPath)).text(), /\(Roanne\)/);
    const changes = await testApp.db.select().from(auditLog).where(eq(auditLog.entityType, 'timeline_template'));
    assert.ok(
      [
        'timeline_template.copied',
        'timeline_template.step_updated',
        'timeline_template.step_added',
        'timeline_template.step_moved',
        'timeline_template.step_removed',
      ].every((action) => changes.some((row) => row.action === action)),
    );

    // Mathis's mobility (Roanne, confirmed) gets a new timeline from the organisation's copy.
    const mathisId = await demoMobilityOf(testApp.db, 'learner-2');
    await testApp.db.delete(timelineSteps).where(eq(timelineSteps.mobilityId, mathisId));
    await seedTimelines(testApp.db);
    assert.ok(
      (await stepsOf(mathisId)).some((step) => step.key.startsWith('custom-')),
      'the copy replaces the content template',
    );
  });
});
