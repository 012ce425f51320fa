import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatDateTime, formatNumber } from '../../shared/format.js';
import type { Viewer } from '../accounts/viewer.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, readForm, render, validateForm } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { listAllOrganisationNames } from '../organisations/organisations.repository.js';
import type { Database } from '../db/client.js';
import { pick } from './completion.js';
import { organisationsWhereViewerMay, type LearningAction } from './learning.policy.js';
import { ReviewPage } from './review-page.js';
import { attendanceSchema, enrolSchema, essayGradesSchema, organisationQuery, reviewSchema, webinarSchema } from './learning.schema.js';
import * as service from './learning.service.js';
import * as repository from './learning.repository.js';

/** Trainers' pages: gradebook and CSV, enrolment, grading, attendance. Staff pages: French and English. */
export const learningTrainerRoutes = new Hono<AppEnv>();
for (const path of [
  '/learn/courses/:slug/gradebook',
  '/learn/courses/:slug/gradebook.csv',
  '/learn/courses/:slug/enrolments',
  '/learn/courses/:slug/webinars/new',
  '/learn/attempts/:attemptId/grade',
  '/learn/submissions/:submissionId',
  '/learn/activities/:activityId/attendance',
]) {
  learningTrainerRoutes.use(path, requireViewer, staffLanguage);
}

const text = (page: PageContext, value: Record<string, string | undefined>) => pick(value, page.language).text;

/** The organisations (groups) a trainer may pick from, and the one chosen (the first by default). */
export async function groupChoice(db: Database, viewer: Viewer, action: LearningAction, requested: string | undefined) {
  const own = viewer.memberships.filter((m) => organisationsWhereViewerMay(viewer, action).includes(m.organisationId));
  const options = viewer.isPlatformAdmin
    ? (await listAllOrganisationNames(db)).map((row) => ({ value: row.id, label: row.name }))
    : [...new Map(own.map((m) => [m.organisationId, { value: m.organisationId, label: m.organisationName }])).values()];
  const chosen = requested && options.some((option) => option.value === requested) ? requested : options[0]?.value;
  if (!chosen) throw new AppError('not_found');
  return { options, chosen };
}

function GroupPicker({
  page,
  action,
  options,
  chosen,
  label,
}: {
  page: PageContext;
  action: string;
  options: { value: string; label: string }[];
  chosen: string;
  label: string;
}) {
  return (
    <form method="get" action={action} class="filter-bar">
      <label for="organisation">{label}</label>
      <select id="organisation" name="organisation">
        {options.map((option) => (
          <option value={option.value} selected={option.value === chosen}>
            {option.label}
          </option>
        ))}
      </select>
      <button type="submit" class="button-small">
        {page.t('learningTrainer.gradebook.show')}
      </button>
    </form>
  );
}

type Gradebook = Awaited<ReturnType<typeof service.gradebook>>;

/** The gradebook's columns, shared by the page and the CSV so they can never disagree. */
function gradebookColumns(page: PageContext, book: Gradebook) {
  const { t, language } = page;
  const moduleTitle = (moduleId: string) => {
    const module = book.outline.modules.find((candidate) => candidate.id === moduleId);
    return module ? module.code : '';
  };
  const quizzes = book.outline.activities.filter((activity) => activity.kind === 'quiz');
  const assignments = book.outline.activities.filter((activity) => activity.kind === 'assignment');
  const webinars = book.outline.activities.filter((activity) => activity.kind === 'webinar');
  type Row = Gradebook['rows'][number];
  const columns: { header: string; value: (row: Row) => string }[] = [
    { header: t('learningTrainer.gradebook.familyName'), value: (row) => row.person.familyName },
    { header: t('learningTrainer.gradebook.givenName'), value: (row) => row.person.givenName },
    { header: t('learningTrainer.gradebook.email'), value: (row) => row.person.email ?? '' },
    { header: t('learningTrainer.gradebook.lessons'), value: (row) => `${row.progress.viewedCount}/${book.outline.lessons.length}` },
    ...quizzes.map((quiz) => ({
      header: t('learningTrainer.gradebook.quizColumn', { module: moduleTitle(quiz.moduleId) }),
      value: (row: Row) => {
        const score = row.progress.bestQuizScores.get(quiz.id);
        return score === undefined ? '' : formatNumber(language, score);
      },
    })),
    ...assignments.map((assignment) => ({
      header: t('learningTrainer.gradebook.assignmentColumn', { module: moduleTitle(assignment.moduleId) }),
      value: (row: Row) => t(`learning.assignmentStatus.${row.progress.submissionStatuses.get(assignment.id) ?? 'missing'}`),
    })),
    ...(webinars.length
      ? [
          {
            header: t('learningTrainer.gradebook.attendance'),
            value: (row: Row) =>
              t(row.progress.attendedWebinarIds.size > 0 ? 'learningTrainer.gradebook.yes' : 'learningTrainer.gradebook.no'),
          },
        ]
      : []),
    {
      header: t('learningTrainer.gradebook.completed'),
      value: (row) => (row.person.completedAt ? formatDate(language, row.person.completedAt) : ''),
    },
  ];
  return columns;
}

learningTrainerRoutes.get('/learn/courses/:slug/gradebook', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const db = c.get('deps').db;
  const slug = c.req.param('slug');
  const { options, chosen } = await groupChoice(db, page.viewer!, 'viewGradebook', organisationQuery.parse(c.req.query()).organisation);
  const book = await service.gradebook(c.get('deps'), actorOf(c), slug, chosen);
  const title = t('learningTrainer.gradebook.title', { course: text(page, book.course.title) });
  const columns = gradebookColumns(page, book);
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${slug}`}>{text(page, book.course.title)}</a>
      </p>
      <h1>{title}</h1>
      <GroupPicker
        page={page}
        action={`/learn/courses/${slug}/gradebook`}
        options={options}
        chosen={chosen}
        label={t('learningTrainer.gradebook.group')}
      />
      <p>
        <a href={`/learn/courses/${slug}/gradebook.csv?organisation=${chosen}`} download>
          {t('learningTrainer.gradebook.export')}
        </a>
      </p>
      {book.rows.length === 0 ? (
        <p>{t('learningTrainer.gradebook.empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col">{column.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {book.rows.map((row) => (
                <tr>
                  {columns.map((column) => (
                    <td>{column.value(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel" aria-labelledby="to-grade">
        <h2 id="to-grade">{t('learningTrainer.gradebook.toGrade')}</h2>
        {book.toGrade.length === 0 && book.toReview.length === 0 && <p>{t('learningTrainer.gradebook.nothingToGrade')}</p>}
        <ul class="link-list">
          {book.toGrade.map(({ attempt, person }) => (
            <li>
              <a href={`/learn/attempts/${attempt.id}/grade`}>
                {t('learningTrainer.gradebook.gradeEssay', { name: `${person.givenName} ${person.familyName}`, number: attempt.number })}
              </a>
            </li>
          ))}
          {book.toReview.map(({ submission, person }) => (
            <li>
              <a href={`/learn/submissions/${submission.id}`}>
                {t('learningTrainer.gradebook.reviewWork', { name: `${person.givenName} ${person.familyName}` })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
});

/** A spreadsheet cell: quoted when needed, and never read as a formula (CSV injection). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with BOM, `;` separators and CRLF: what French Excel opens without an import wizard. */
learningTrainerRoutes.get('/learn/courses/:slug/gradebook.csv', async (c) => {
  const page = pageContext(c);
  const db = c.get('deps').db;
  const { chosen } = await groupChoice(db, page.viewer!, 'viewGradebook', organisationQuery.parse(c.req.query()).organisation);
  const book = await service.gradebook(c.get('deps'), actorOf(c), c.req.param('slug'), chosen);
  const columns = gradebookColumns(page, book);
  const lines = [
    columns.map((column) => csvCell(column.header)).join(';'),
    ...book.rows.map((row) => columns.map((column) => csvCell(column.value(row))).join(';')),
  ];
  return c.body('\uFEFF' + lines.join('\r\n') + '\r\n', 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="gradebook-${book.course.slug}.csv"`,
    'Cache-Control': 'no-store',
  });
});

// ---- enrolment by a coach or an organisation -----------------------------------------------------

async function EnrolPage({
  c,
  page,
  organisation,
  errors,
}: {
  c: AppContext;
  page: PageContext;
  organisation: string | undefined;
  errors?: FormErrors;
}) {
  const { t } = page;
  const db = c.get('deps').db;
  const slug = c.req.param('slug')!;
  const { options, chosen } = await groupChoice(db, page.viewer!, 'enrol', organisation);
  const { course, people } = await service.enrolablePeople(db, page.viewer!, slug, chosen);
  const title = t('learningTrainer.enrol.title', { course: text(page, course.title) });
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${slug}`}>{text(page, course.title)}</a>
      </p>
      <h1>{title}</h1>
      <GroupPicker
        page={page}
        action={`/learn/courses/${slug}/enrolments`}
        options={options}
        chosen={chosen}
        label={t('learningTrainer.enrol.organisation')}
      />
      <ErrorSummary page={page} errors={errors} />
      {people.length === 0 ? (
        <p>{t('learningTrainer.enrol.none')}</p>
      ) : (
        <form method="post" action={`/learn/courses/${slug}/enrolments`}>
          <CsrfField page={page} />
          <input type="hidden" name="organisationId" value={chosen} />
          <fieldset id="field-personIds">
            <legend>{t('learningTrainer.enrol.people')}</legend>
            {errors?.['personIds'] && <p class="error-message">{t(errors['personIds'])}</p>}
            {people.map((person) => (
              <div>
                <label class="checkbox">
                  <input
                    type="checkbox"
                    name="personIds"
                    value={person.personId}
                    disabled={person.isEnrolled}
                    checked={person.isEnrolled}
                  />
                  <span>
                    {person.givenName} {person.familyName}
                    {person.isEnrolled && <> ({t('learningTrainer.enrol.alreadyEnrolled')})</>}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('learningTrainer.enrol.submit')}</button>
        </form>
      )}
    </Layout>
  );
}

learningTrainerRoutes.get('/learn/courses/:slug/enrolments', async (c) => {
  const page = pageContext(c);
  return render(c, await EnrolPage({ c, page, organisation: organisationQuery.parse(c.req.query()).organisation }));
});

learningTrainerRoutes.post('/learn/courses/:slug/enrolments', async (c) => {
  const form = await parseForm(c, enrolSchema);
  const page = pageContext(c);
  if (!form.isValid) return render(c, await EnrolPage({ c, page, organisation: form.values['organisationId'], errors: form.errors }), 400);
  const course = await service.enrolPeople(
    c.get('deps').db,
    actorOf(c),
    c.req.param('slug'),
    form.data.organisationId,
    form.data.personIds,
  );
  return c.redirect(
    `/learn/courses/${course.slug}/gradebook?organisation=${form.data.organisationId}&notice=learningTrainer.enrol.done`,
    303,
  );
});

// ---- grading essays -------------------------------------------------------------------------------

async function gradingPage(c: AppContext, values: FormValues = {}, errors?: FormErrors, status: 200 | 400 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const view = await service.attemptForGrading(c.get('deps').db, page.viewer!, c.req.param('attemptId')!);
  const essays = view.items.filter((item) => item.row.definition.type === 'essay');
  return render(
    c,
    <ReviewPage page={page} review={view}>
      <section class="panel" aria-labelledby="grading">
        <h2 id="grading">
          {t('learningTrainer.grade.title')} — {view.person.givenName} {view.person.familyName}
        </h2>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action={`/learn/attempts/${view.attempt.id}/grade`}>
          <CsrfField page={page} />
          {essays.map((item) => {
            const definition = item.row.definition;
            const graderInfo = definition.type === 'essay' ? definition.graderInfo : '';
            return (
              <fieldset>
                <legend>{t('learning.attempt.question', { number: item.number })}</legend>
                {graderInfo && (
                  <p class="hint">
                    {t('learningTrainer.grade.graderInfo')}: {graderInfo}
                  </p>
                )}
                <TextField
                  page={page}
                  name={`score-${item.row.id}`}
                  label={t('learningTrainer.grade.score')}
                  inputmode="numeric"
                  required
                  values={{
                    [`score-${item.row.id}`]: item.manualFraction === null ? undefined : String(Math.round(item.manualFraction * 100)),
                    ...values,
                  }}
                  errors={errors}
                  maxlength={3}
                />
                <div class="field">
                  <label for={`field-comment-${item.row.id}`}>{t('learningTrainer.grade.comment')}</label>
                  <textarea id={`field-comment-${item.row.id}`} name={`comment-${item.row.id}`} rows={3} maxlength={5000}>
                    {values[`comment-${item.row.id}`] ?? item.manualComment ?? ''}
                  </textarea>
                </div>
              </fieldset>
            );
          })}
          <button type="submit">{t('learningTrainer.grade.save')}</button>
        </form>
      </section>
    </ReviewPage>,
    status,
  );
}

learningTrainerRoutes.get('/learn/attempts/:attemptId/grade', (c) => gradingPage(c));

learningTrainerRoutes.post('/learn/attempts/:attemptId/grade', async (c) => {
  const view = await service.attemptForGrading(c.get('deps').db, c.get('viewer')!, c.req.param('attemptId'));
  const essayIds = view.items.filter((item) => item.row.definition.type === 'essay').map((item) => item.row.id);
  const form = validateForm(essayGradesSchema(essayIds), await readForm(c));
  if (!form.isValid) return gradingPage(c, form.values, form.errors, 400);
  const data = form.data as Record<string, number | string | null>;
  await service.gradeEssays(
    c.get('deps'),
    actorOf(c),
    view.attempt.id,
    essayIds.map((id) => ({
      questionId: id,
      percent: data[`score-${id}`] as number,
      comment: (data[`comment-${id}`] as string | null) ?? null,
    })),
  );
  return c.redirect(`/learn/attempts/${view.attempt.id}/grade?notice=learningTrainer.grade.saved`, 303);
});

// ---- reviewing uploaded work ----------------------------------------------------------------------

async function submissionPage(c: AppContext, values: FormValues = {}, errors?: FormErrors, status: 200 | 400 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const { submission, course, person } = await service.submissionFor(
    c.get('deps').db,
    page.viewer!,
    c.req.param('submissionId')!,
    'review',
  );
  return render(
    c,
    <Layout page={page} title={t('learningTrainer.submission.title')}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${course.slug}/gradebook`}>{t('learningTrainer.links.gradebook')}</a>
      </p>
      <h1>{t('learningTrainer.submission.title')}</h1>
      <dl class="facts">
        <dt>{t('learningTrainer.gradebook.learner')}</dt>
        <dd>
          {person.givenName} {person.familyName}
        </dd>
        <dt>{t('learning.assignment.file')}</dt>
        <dd>
          <a href={`/learn/submissions/${submission.id}/file`}>{submission.fileName}</a> ·{' '}
          {formatDateTime(page.language, submission.submittedAt)}
        </dd>
        <dt>{t('learningTrainer.submission.decision')}</dt>
        <dd>{t(`learning.assignmentStatus.${submission.status}`)}</dd>
      </dl>
      {submission.status === 'submitted' && (
        <form method="post" action={`/learn/submissions/${submission.id}`}>
          <CsrfField page={page} />
          <ErrorSummary page={page} errors={errors} />
          <SelectField
            page={page}
            name="decision"
            label={t('learningTrainer.submission.decision')}
            required
            values={values}
            errors={errors}
            options={[
              { value: 'accepted', label: t('learningTrainer.submission.accept') },
              { value: 'rejected', label: t('learningTrainer.submission.reject') },
            ]}
          />
          <div class="field">
            <label for="field-comment">{t('learningTrainer.submission.comment')}</label>
            <textarea id="field-comment" name="comment" rows={4} maxlength={5000}>
              {values['comment'] ?? ''}
            </textarea>
          </div>
          <button type="submit">{t('learningTrainer.submission.save')}</button>
        </form>
      )}
    </Layout>,
    status,
  );
}

learningTrainerRoutes.get('/learn/submissions/:submissionId', (c) => submissionPage(c));

learningTrainerRoutes.post('/learn/submissions/:submissionId', async (c) => {
  const form = await parseForm(c, reviewSchema);
  if (!form.isValid) return submissionPage(c, form.values, form.errors, 400);
  await service.reviewAssignment(c.get('deps'), actorOf(c), c.req.param('submissionId'), form.data.decision, form.data.comment);
  return c.redirect(`/learn/submissions/${c.req.param('submissionId')}?notice=learningTrainer.submission.saved`, 303);
});

// ---- webinars and attendance ----------------------------------------------------------------------

async function webinarForm(c: AppContext, values: FormValues = {}, errors?: FormErrors, status: 200 | 400 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const course = await service.publishedCourse(c.get('deps').db, c.req.param('slug')!);
  const modules = await repository.listModules(c.get('deps').db, course.id);
  return render(
    c,
    <Layout page={page} title={t('learningTrainer.links.webinar')}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${course.slug}`}>{text(page, course.title)}</a>
      </p>
      <h1>{t('learningTrainer.links.webinar')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/learn/courses/${course.slug}/webinars/new`} novalidate>
        <CsrfField page={page} />
        <SelectField
          page={page}
          name="moduleId"
          label={t('learningTrainer.webinar.module')}
          required
          values={values}
          errors={errors}
          options={modules.map((module) => ({ value: module.id, label: `${module.code} ${text(page, module.title)}` }))}
        />
        <TextField
          page={page}
          name="title"
          label={t('learningTrainer.webinar.title')}
          required
          values={values}
          errors={errors}
          maxlength={200}
        />
        <TextField
          page={page}
          name="startsAt"
          type="datetime-local"
          label={t('learningTrainer.webinar.startsAt')}
          required
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="durationMinutes"
          label={t('learningTrainer.webinar.duration')}
          inputmode="numeric"
          required
          values={{ durationMinutes: '90', ...values }}
          errors={errors}
          maxlength={3}
        />
        <TextField
          page={page}
          name="joinUrl"
          type="url"
          label={t('learningTrainer.webinar.link')}
          required
          values={values}
          errors={errors}
        />
        <button type="submit">{t('learningTrainer.webinar.create')}</button>
      </form>
    </Layout>,
    status,
  );
}

learningTrainerRoutes.get('/learn/courses/:slug/webinars/new', async (c) => {
  if (!organisationsWhereViewerMay(c.get('viewer')!, 'recordAttendance').length && !c.get('viewer')!.isPlatformAdmin)
    throw new AppError('not_found');
  return webinarForm(c);
});

learningTrainerRoutes.post('/learn/courses/:slug/webinars/new', async (c) => {
  const form = await parseForm(c, webinarSchema);
  if (!form.isValid) return webinarForm(c, form.values, form.errors, 400);
  const activity = await service.scheduleWebinar(c.get('deps').db, actorOf(c), c.req.param('slug'), form.data);
  return c.redirect(`/learn/activities/${activity.id}?notice=learningTrainer.webinar.created`, 303);
});

async function attendancePage(c: AppContext, organisation: string | undefined) {
  const page = pageContext(c);
  const { t } = page;
  const db = c.get('deps').db;
  const activityId = c.req.param('activityId')!;
  const { options, chosen } = await groupChoice(db, page.viewer!, 'recordAttendance', organisation);
  const sheet = await service.attendanceSheet(db, page.viewer!, activityId, chosen);
  const title = t('learningTrainer.attendance.title', { title: text(page, sheet.activity.title) });
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${sheet.course.slug}`}>{text(page, sheet.course.title)}</a>
      </p>
      <h1>{title}</h1>
      <GroupPicker
        page={page}
        action={`/learn/activities/${activityId}/attendance`}
        options={options}
        chosen={chosen}
        label={t('learningTrainer.attendance.group')}
      />
      {sheet.people.length === 0 ? (
        <p>{t('learningTrainer.gradebook.empty')}</p>
      ) : (
        <form method="post" action={`/learn/activities/${activityId}/attendance`}>
          <CsrfField page={page} />
          <input type="hidden" name="organisationId" value={chosen} />
          <fieldset>
            <legend>{t('learningTrainer.attendance.present')}</legend>
            {sheet.people.map((person) => (
              <div>
                <label class="checkbox">
                  <input type="checkbox" name="present" value={person.personId} checked={person.isPresent} />
                  <span>
                    {person.givenName} {person.familyName}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('learningTrainer.attendance.save')}</button>
        </form>
      )}
    </Layout>,
  );
}

learningTrainerRoutes.get('/learn/activities/:activityId/attendance', (c) =>
  attendancePage(c, organisationQuery.parse(c.req.query()).organisation),
);

learningTrainerRoutes.post('/learn/activities/:activityId/attendance', async (c) => {
  const form = await parseForm(c, attendanceSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.recordAttendance(c.get('deps'), actorOf(c), c.req.param('activityId'), form.data.organisationId, form.data.present);
  return c.redirect(
    `/learn/activities/${c.req.param('activityId')}/attendance?organisation=${form.data.organisationId}&notice=learningTrainer.attendance.saved`,
    303,
  );
});
