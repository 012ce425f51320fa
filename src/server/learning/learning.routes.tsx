import { Hono } from 'hono';
import { z } from 'zod';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, FileField, Section, type FormErrors } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatDateTime, formatNumber } from '../../shared/format.js';
import { languageNames, isLanguage } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { readForm, render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { pick, type ChecklistItem } from './completion.js';
import { isTrainer } from './learning.policy.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { publishedKeySet } from './credentials.js';
import { learningStorage } from './file-storage.js';
import { renderMarkdown } from './markdown.js';
import { QuestionFeedback, QuestionFields } from './question-view.js';
import { ReviewPage } from './review-page.js';
import { learningTrainerRoutes } from './learning-trainer.routes.js';
import { questionBankRoutes } from './question-banks.routes.js';
import * as service from './learning.service.js';
import type { Translations } from '../db/schema/index.js';

export const learningRoutes = new Hono<AppEnv>();
learningRoutes.use('/learn', requireViewer);
learningRoutes.use('/learn/*', requireViewer);
learningRoutes.route('/', learningTrainerRoutes);
learningRoutes.route('/', questionBankRoutes);

/** Translated content with a `lang` attribute when it falls back to another language (WCAG 3.1.2). */
function Translated({ page, value }: { page: PageContext; value: Translations }) {
  const chosen = pick(value, page.language);
  return chosen.language === page.language ? <>{chosen.text}</> : <span lang={chosen.language}>{chosen.text}</span>;
}
const text = (page: PageContext, value: Translations) => pick(value, page.language).text;

const megabytes = (page: PageContext, bytes: number) => `${formatNumber(page.language, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

// ---- catalogue ---------------------------------------------------------------------------------

learningRoutes.get('/learn', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const entries = await service.catalogue(c.get('deps').db, page.viewer!);
  return render(
    c,
    <Layout page={page} title={t('learning.catalogue.title')}>
      <h1>{t('learning.catalogue.title')}</h1>
      <p class="lead">{t('learning.catalogue.intro')}</p>
      {isTrainer(page.viewer!) && (
        <ul class="inline-list">
          <li>
            <a href="/learn/coach-framework">{t('coachFramework.nav')}</a>
          </li>
          <li>
            <a href="/learn/banks">{t('banks.title')}</a>
          </li>
        </ul>
      )}
      {entries.length === 0 && <p>{t('learning.catalogue.empty')}</p>}
      <ul class="card-list">
        {entries.map(({ course, enrolment }) => (
          <li class="card">
            <h2>
              <a href={`/learn/courses/${course.slug}`}>
                <Translated page={page} value={course.title} />
              </a>
            </h2>
            <p>
              <Translated page={page} value={course.summary} />
            </p>
            <p>
              <span class={enrolment ? 'badge' : 'badge badge-muted'}>
                {t(
                  enrolment?.completedAt
                    ? 'learning.course.status.completed'
                    : enrolment
                      ? 'learning.course.status.enrolled'
                      : 'learning.course.status.notEnrolled',
                )}
              </span>{' '}
              {t('learning.course.hours', { hours: formatNumber(page.language, course.estimatedHours) })} ·{' '}
              {course.languages.map((language) => (isLanguage(language) ? languageNames[language] : language)).join(', ')}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

// ---- course page and checklist -------------------------------------------------------------------

function ChecklistLine({ page, item }: { page: PageContext; item: ChecklistItem }) {
  const { t } = page;
  switch (item.kind) {
    case 'lessons':
      return <>{t('learning.checklist.lessons', { module: text(page, item.moduleTitle), viewed: item.viewed, total: item.total })}</>;
    case 'quiz': {
      const detail =
        item.isAwaitingGrading && item.bestScore === null
          ? t('learning.checklist.awaitingGrading')
          : item.bestScore === null
            ? t('learning.checklist.notTaken')
            : t('learning.checklist.bestScore', { score: formatNumber(page.language, item.bestScore) });
      return (
        <>
          <a href={`/learn/activities/${item.activityId}`}>
            {t('learning.checklist.quiz', { module: text(page, item.moduleTitle), minScore: item.minScore })}
          </a>{' '}
          ({detail})
        </>
      );
    }
    case 'assignment':
      return (
        <>
          <a href={`/learn/activities/${item.activityId}`}>
            {t('learning.checklist.assignment', { module: text(page, item.moduleTitle) })}
          </a>{' '}
          ({t(`learning.assignmentStatus.${item.status}`)})
        </>
      );
    case 'webinar':
      return (
        <>
          {t('learning.checklist.webinar')}
          {item.sessionCount === 0 && <> ({t('learning.checklist.noWebinar')})</>}
        </>
      );
  }
}

learningRoutes.get('/learn/courses/:slug', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.coursePage(c.get('deps').db, page.viewer!, c.req.param('slug'));
  const { course, outline, enrolment, checklist, viewed, certificate } = data;
  const title = text(page, course.title);
  const done = checklist?.items.filter((item) => item.isDone) ?? [];
  const missing = checklist?.items.filter((item) => !item.isDone) ?? [];
  const firstOrganisation = page.viewer!.memberships[0]?.organisationId;
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/learn">{t('learning.catalogue.title')}</a>
      </p>
      <h1>
        <Translated page={page} value={course.title} />
      </h1>
      <p class="lead">
        <Translated page={page} value={course.summary} />
      </p>
      <p>{t('learning.course.hours', { hours: formatNumber(page.language, course.estimatedHours) })}</p>
      {!enrolment &&
        (course.isSelfEnrolment ? (
          <form method="post" action={`/learn/courses/${course.slug}/enrol`}>
            <CsrfField page={page} />
            <p>{t('learning.course.notEnrolled')}</p>
            <button type="submit">{t('learning.course.enrol')}</button>
          </form>
        ) : (
          <p>{t('learning.course.enrolByTrainer')}</p>
        ))}
      {data.isTrainer && firstOrganisation && (
        <ul class="action-list">
          <li>
            <a href={`/learn/courses/${course.slug}/gradebook`}>{t('learningTrainer.links.gradebook')}</a>
          </li>
          <li>
            <a href={`/learn/courses/${course.slug}/enrolments`}>{t('learningTrainer.links.enrol')}</a>
          </li>
          <li>
            <a href={`/learn/courses/${course.slug}/webinars/new`}>{t('learningTrainer.links.webinar')}</a>
          </li>
        </ul>
      )}
      {checklist && (
        <Section title={t('learning.checklist.title')} id="checklist">
          <p role="status">
            {checklist.isComplete
              ? t('learning.checklist.complete')
              : t('learning.checklist.summary', { done: done.length, total: checklist.items.length })}
          </p>
          {certificate && (
            <ul class="action-list">
              <li>
                <a href={`/learn/courses/${course.slug}/certificate.pdf`}>{t('learning.certificate.download')}</a>
              </li>
              <li>
                <a href={`/learn/courses/${course.slug}/badge.jwt`}>{t('learning.certificate.badge')}</a>
              </li>
              <li>
                <a href={`/learn/courses/${course.slug}/badge.json`}>{t('learning.certificate.badgeJson')}</a>
              </li>
            </ul>
          )}
          {missing.length > 0 && (
            <>
              <h3>{t('learning.checklist.missing')}</h3>
              <ul class="checklist checklist-missing">
                {missing.map((item) => (
                  <li>
                    <ChecklistLine page={page} item={item} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {done.length > 0 && (
            <>
              <h3>{t('learning.checklist.done')}</h3>
              <ul class="checklist checklist-done">
                {done.map((item) => (
                  <li>
                    ✓ <ChecklistLine page={page} item={item} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      )}
      <h2>{t('learning.course.modules')}</h2>
      {outline.modules.map((module) => {
        const lessons = outline.lessons.filter((lesson) => lesson.moduleId === module.id);
        const activities = outline.activities.filter((activity) => activity.moduleId === module.id);
        const materials = data.materials.filter((material) => material.moduleId === module.id);
        return (
          <section class="panel" aria-labelledby={`module-${module.slug}`}>
            <h3 id={`module-${module.slug}`}>
              {module.code} · <Translated page={page} value={module.title} />
            </h3>
            <p>
              <Translated page={page} value={module.summary} />
            </p>
            <ol class="link-list">
              {lessons.map((lesson) => {
                const translation =
                  lesson.translations.find((candidate) => candidate.language === page.language) ??
                  lesson.translations.find((candidate) => candidate.language === 'en') ??
                  lesson.translations[0];
                return (
                  <li>
                    {enrolment ? (
                      <a href={`/learn/courses/${course.slug}/lessons/${lesson.id}`}>{translation?.title ?? lesson.slug}</a>
                    ) : (
                      <span>{translation?.title ?? lesson.slug}</span>
                    )}{' '}
                    <span class="hint">
                      {t('learning.course.minutes', { minutes: translation?.minutes ?? 0 })}
                      {viewed.has(lesson.id) && <> · ✓ {t('learning.course.viewed')}</>}
                    </span>
                  </li>
                );
              })}
            </ol>
            {activities.length > 0 && (
              <ul class="link-list">
                {activities.map((activity) => {
                  const label = t(
                    activity.kind === 'quiz'
                      ? 'learning.course.quiz'
                      : activity.kind === 'assignment'
                        ? 'learning.course.assignment'
                        : 'learning.course.webinar',
                  );
                  return (
                    <li>
                      {enrolment || data.isTrainer ? <a href={`/learn/activities/${activity.id}`}>{label}</a> : label}
                      {activity.kind === 'webinar' && activity.startsAt && <> · {formatDateTime(page.language, activity.startsAt)}</>}
                    </li>
                  );
                })}
              </ul>
            )}
            <details>
              <summary>{t('learning.course.validation')}</summary>
              <p>
                <Translated page={page} value={module.validationText} />
              </p>
            </details>
            {materials.length > 0 && (
              <p>
                {t('learning.course.trainerMaterial')}:{' '}
                {materials.map((material) => (
                  <>
                    <a href={`/learn/courses/${course.slug}/materials/${material.id}`} download>
                      {`${material.slug}.${material.language}.md`}
                    </a>{' '}
                  </>
                ))}
              </p>
            )}
          </section>
        );
      })}
    </Layout>,
  );
});

learningRoutes.post('/learn/courses/:slug/enrol', async (c) => {
  const course = await service.enrolSelf(c.get('deps').db, actorOf(c), c.req.param('slug'));
  return c.redirect(`/learn/courses/${course.slug}?notice=learning.course.enrolled`, 303);
});

// ---- lessons and trainer material ------------------------------------------------------------------

learningRoutes.get('/learn/courses/:slug/lessons/:lessonId', async (c) => {
  const slug = c.req.param('slug');
  let lesson: Awaited<ReturnType<typeof service.readLesson>>;
  try {
    lesson = await service.readLesson(c.get('deps'), actorOf(c), slug, c.req.param('lessonId'));
  } catch (error) {
    if (error instanceof AppError && error.message === 'learning.lesson.enrolFirst')
      return c.redirect(`/learn/courses/${slug}?notice=learning.lesson.enrolFirst`, 303);
    throw error;
  }
  const page = pageContext(c);
  const { t } = page;
  const translation =
    lesson.translations.find((candidate) => candidate.language === page.language) ??
    lesson.translations.find((candidate) => candidate.language === 'en') ??
    lesson.translations[0];
  if (!translation) throw new AppError('not_found');
  const isOtherLanguage = translation.language !== page.language;
  const linkTo = (target: { id: string } | undefined, label: string) =>
    target && <a href={`/learn/courses/${slug}/lessons/${target.id}`}>{label}</a>;
  return render(
    c,
    <Layout page={page} title={translation.title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${slug}`}>{text(page, lesson.course.title)}</a> › {lesson.module.code}
      </p>
      {isOtherLanguage && <p class="notice">{t('learning.lesson.otherLanguage')}</p>}
      <article lang={isOtherLanguage ? translation.language : undefined}>
        <h1>{translation.title}</h1>
        <p class="hint">{t('learning.lesson.readingTime', { minutes: translation.minutes })}</p>
        <div class="lesson-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(translation.body) }} />
      </article>
      <nav aria-label={t('learning.course.lessons')} class="pagination">
        <ul class="inline-list">
          {lesson.previous && <li>{linkTo(lesson.previous, `← ${t('learning.lesson.previous')}`)}</li>}
          <li>
            <a href={`/learn/courses/${slug}`}>{t('learning.lesson.back')}</a>
          </li>
          {lesson.next && <li>{linkTo(lesson.next, `${t('learning.lesson.next')} →`)}</li>}
        </ul>
      </nav>
    </Layout>,
  );
});

learningRoutes.get('/learn/courses/:slug/materials/:materialId', async (c) => {
  const { material, moduleSlug } = await service.trainerMaterial(
    c.get('deps').db,
    c.get('viewer')!,
    c.req.param('slug'),
    c.req.param('materialId'),
  );
  return c.body(material.body, 200, {
    'Content-Type': 'text/markdown; charset=utf-8',
    'Content-Disposition': `attachment; filename="${moduleSlug}-${material.slug}.${material.language}.md"`,
  });
});

// ---- activities: quiz, assignment, webinar -----------------------------------------------------------

learningRoutes.get('/learn/activities/:activityId', async (c) => {
  const kind = await service.findActivityKind(c.get('deps').db, c.req.param('activityId'));
  if (kind === 'assignment') return assignmentView(c);
  if (kind === 'webinar') return webinarView(c);
  const page = pageContext(c);
  const { t } = page;
  const overview = await service.quizOverview(c.get('deps'), actorOf(c), c.req.param('activityId'));
  const { activity, course, module, attempts } = overview;
  const title = t('learning.quiz.heading', { module: text(page, module.title) });
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${course.slug}`}>{text(page, course.title)}</a> › {module.code}
      </p>
      <h1>{title}</h1>
      <ul class="plain-list">
        <li>{t('learning.quiz.questionCount', { count: overview.questionCount })}</li>
        <li>{t('learning.quiz.passingScore', { score: activity.passingScore ?? 0 })}</li>
        <li>
          {activity.attemptLimit
            ? t('learning.quiz.attempts', { used: attempts.length, limit: activity.attemptLimit })
            : t('learning.quiz.attemptsUnlimited', { used: attempts.length })}
        </li>
        {activity.timeLimitMinutes && <li>{t('learning.quiz.timeLimit', { minutes: activity.timeLimitMinutes })}</li>}
        {activity.drawPerCategory && <li>{t('learning.quiz.drawn')}</li>}
        <li>{t(activity.mode === 'practice' ? 'learning.quiz.mode.practice' : 'learning.quiz.mode.test')}</li>
      </ul>
      {overview.inProgress ? (
        <p>
          <a class="button" href={`/learn/attempts/${overview.inProgress.id}`}>
            {t('learning.quiz.resume')}
          </a>
        </p>
      ) : overview.canStart ? (
        <form method="post" action={`/learn/activities/${activity.id}/attempts`}>
          <CsrfField page={page} />
          <button type="submit">{t('learning.quiz.start')}</button>
        </form>
      ) : (
        <p>{t('learning.quiz.noAttemptsLeft')}</p>
      )}
      {attempts.length > 0 && (
        <Section title={t('learning.quiz.previousAttempts')} id="attempts">
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="visually-hidden">{t('learning.quiz.previousAttempts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('learning.quiz.attempt')}</th>
                  <th scope="col">{t('learning.quiz.score')}</th>
                  <th scope="col">{t('learning.quiz.result')}</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((attempt) => (
                  <tr>
                    <td>
                      {attempt.status === 'submitted' ? (
                        <a href={`/learn/attempts/${attempt.id}/review`}>{t('learning.quiz.attemptNumber', { number: attempt.number })}</a>
                      ) : (
                        t('learning.quiz.attemptNumber', { number: attempt.number })
                      )}
                    </td>
                    <td>{attempt.scorePercent === null ? '—' : `${formatNumber(page.language, attempt.scorePercent)} %`}</td>
                    <td>
                      {t(
                        attempt.status === 'in_progress'
                          ? 'learning.quiz.inProgress'
                          : attempt.needsManualGrading
                            ? 'learning.quiz.pending'
                            : attempt.isPassed
                              ? 'learning.quiz.passed'
                              : 'learning.quiz.failed',
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </Layout>,
  );
});

learningRoutes.post('/learn/activities/:activityId/attempts', async (c) => {
  const attempt = await service.startAttempt(c.get('deps'), actorOf(c), c.req.param('activityId'), c.get('language'));
  return c.redirect(`/learn/attempts/${attempt.id}`, 303);
});

const pageQuery = z.coerce.number().int().min(1).max(1000).catch(1);

learningRoutes.get('/learn/attempts/:attemptId', async (c) => {
  const attemptId = c.req.param('attemptId');
  const view = await service.attemptPage(c.get('deps'), actorOf(c), attemptId, pageQuery.parse(c.req.query('page')));
  if (view.isClosed) return c.redirect(`/learn/attempts/${attemptId}/review${view.isLate ? '?notice=learning.attempt.timeUp' : ''}`, 303);
  const page = pageContext(c);
  const { t } = page;
  const { activity, course, attempt } = view;
  const title = `${text(page, activity.title)} · ${t('learning.attempt.pageOf', { current: view.page, total: view.pageCount })}`;
  const isLastPage = view.page === view.pageCount;
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${course.slug}`}>{text(page, course.title)}</a> ›{' '}
        <a href={`/learn/activities/${activity.id}`}>{t('learning.course.quiz')}</a>
      </p>
      <h1>{text(page, activity.title)}</h1>
      <p>
        {t('learning.quiz.attemptNumber', { number: attempt.number })} ·{' '}
        {t('learning.attempt.pageOf', { current: view.page, total: view.pageCount })}
      </p>
      {attempt.deadlineAt && (
        <p class="notice">{t('learning.attempt.deadline', { time: formatDateTime(page.language, attempt.deadlineAt) })}</p>
      )}
      <p class="hint">{t('learning.attempt.saveHint')}</p>
      <form method="post" action={`/learn/attempts/${attempt.id}?page=${view.page}`} class="quiz-form">
        <CsrfField page={page} />
        {view.questions.map((item) => (
          <div class="card">
            <QuestionFields
              t={t}
              question={item.question}
              number={item.number}
              saved={item.saved}
              isLocked={Boolean(item.grade)}
              contentLanguage={attempt.language !== page.language ? attempt.language : undefined}
            />
            {item.grade && <QuestionFeedback t={t} grade={item.grade} />}
          </div>
        ))}
        {isLastPage && <p class="hint">{t('learning.attempt.submitHint')}</p>}
        <div class="row-actions">
          {view.page > 1 && (
            <button type="submit" name="intent" value="previous" class="button-quiet">
              {t('learning.attempt.previous')}
            </button>
          )}
          <button type="submit" name="intent" value="save" class="button-quiet">
            {t('learning.attempt.save')}
          </button>
          {!isLastPage && (
            <button type="submit" name="intent" value="next">
              {t('learning.attempt.next')}
            </button>
          )}
          {isLastPage && (
            <button type="submit" name="intent" value="submit">
              {t('learning.attempt.submit')}
            </button>
          )}
        </div>
      </form>
    </Layout>,
  );
});

const intentSchema = z.enum(['save', 'next', 'previous', 'submit']).catch('save');

learningRoutes.post('/learn/attempts/:attemptId', async (c) => {
  const attemptId = c.req.param('attemptId');
  const pageNumber = pageQuery.parse(c.req.query('page'));
  const fields = await readForm(c);
  const intent = intentSchema.parse(fields['intent']);
  const result = await service.saveAttemptPage(c.get('deps'), actorOf(c), attemptId, pageNumber, fields, intent);
  if (result.status === 'closed')
    return c.redirect(`/learn/attempts/${attemptId}/review${result.isLate ? '?notice=learning.attempt.timeUp' : ''}`, 303);
  if (result.status === 'submitted') return c.redirect(`/learn/attempts/${attemptId}/review?notice=learning.attempt.submitted`, 303);
  const target =
    intent === 'next' ? Math.min(result.page + 1, result.pageCount) : intent === 'previous' ? Math.max(result.page - 1, 1) : result.page;
  return c.redirect(`/learn/attempts/${attemptId}?page=${target}${intent === 'save' ? '&notice=learning.attempt.saved' : ''}`, 303);
});

learningRoutes.get('/learn/attempts/:attemptId/review', async (c) => {
  const page = pageContext(c);
  const review = await service.reviewAttempt(c.get('deps').db, page.viewer!, c.req.param('attemptId'));
  return render(c, <ReviewPage page={page} review={review} />);
});

// ---- assignment and webinar pages --------------------------------------------------------------------

async function assignmentView(c: AppContext, errors?: FormErrors, status: 200 | 400 | 413 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.assignmentPage(c.get('deps').db, page.viewer!, c.req.param('activityId')!);
  const title = t('learning.assignment.heading', { module: text(page, data.module.title) });
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${data.course.slug}`}>{text(page, data.course.title)}</a> › {data.module.code}
      </p>
      <h1>{title}</h1>
      <p>
        <Translated page={page} value={data.activity.instructions} />
      </p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/learn/activities/${data.activity.id}/submissions`} enctype="multipart/form-data">
        <CsrfField page={page} />
        <FileField page={page} name="file" label={t('learning.assignment.file')} hint={t('learning.assignment.fileHint', { size: megabytes(page, data.activity.maxUploadBytes ?? 0) })} accept=".pdf,.docx,.odt" errors={errors} />
        <button type="submit">{t('learning.assignment.upload')}</button>
      </form>
      <Section title={t('learning.assignment.submissions')} id="submissions">
        {data.submissions.length === 0 ? (
          <p>{t('learning.assignment.none')}</p>
        ) : (
          <ul class="plain-list">
            {data.submissions.map((submission) => (
              <li>
                <a href={`/learn/submissions/${submission.id}/file`}>{submission.fileName}</a> ·{' '}
                {formatDateTime(page.language, submission.submittedAt)} ·{' '}
                <strong>{t(`learning.assignmentStatus.${submission.status}`)}</strong>
                {submission.reviewComment && (
                  <p>
                    {t('learning.review.trainerComment')}: {submission.reviewComment}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Layout>,
    status,
  );
}

learningRoutes.post('/learn/activities/:activityId/submissions', async (c) => {
  const body = await c.req.parseBody();
  const file = body['file'];
  if (!(file instanceof File) || file.size === 0) return assignmentView(c, { file: 'learning.assignment.error.missing' }, 400);
  const storage = learningStorage(c.get('deps').config.dataDirectory);
  try {
    await service.submitAssignment(
      c.get('deps'),
      actorOf(c),
      c.req.param('activityId'),
      { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
      storage.put,
    );
  } catch (error) {
    if (error instanceof AppError && (error.code === 'payload_too_large' || error.code === 'invalid_input') && error.fields['file']) {
      return assignmentView(c, { file: error.fields['file'] as FormErrors[string] }, error.code === 'payload_too_large' ? 413 : 400);
    }
    throw error;
  }
  return c.redirect(`/learn/activities/${c.req.param('activityId')}?notice=learning.assignment.sent`, 303);
});

learningRoutes.get('/learn/submissions/:submissionId/file', async (c) => {
  const { submission } = await service.submissionFor(c.get('deps').db, c.get('viewer')!, c.req.param('submissionId'), 'download');
  const bytes = await learningStorage(c.get('deps').config.dataDirectory).get(submission.storageKey);
  if (!bytes) throw new AppError('not_found');
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': submission.contentType,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(submission.fileName)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
});

async function webinarView(c: AppContext) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.webinarPage(c.get('deps').db, page.viewer!, c.req.param('activityId')!);
  const title = text(page, data.activity.title);
  return render(
    c,
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${data.course.slug}`}>{text(page, data.course.title)}</a>
      </p>
      <h1>
        {t('learning.course.webinar')}: {title}
      </h1>
      <dl class="facts">
        <dt>{t('learning.webinar.when')}</dt>
        <dd>
          {data.activity.startsAt ? formatDateTime(page.language, data.activity.startsAt) : '—'} (
          {t('learning.course.minutes', { minutes: data.activity.durationMinutes ?? 0 })})
        </dd>
      </dl>
      {data.activity.joinUrl && (
        <p>
          <a class="button" href={data.activity.joinUrl} rel="noopener noreferrer">
            {t('learning.webinar.join')}
          </a>
        </p>
      )}
      {data.hasAttended && <p class="notice">{t('learning.webinar.attended')}</p>}
      {isTrainer(page.viewer!) && (
        <p>
          <a href={`/learn/activities/${data.activity.id}/attendance`}>{t('learningTrainer.attendance.link')}</a>
        </p>
      )}
    </Layout>,
  );
}

// ---- certificates, badges, verification ------------------------------------------------------------

learningRoutes.get('/learn/courses/:slug/certificate.pdf', async (c) => {
  const { certificate } = await service.ownCertificate(c.get('deps').db, c.get('viewer')!, c.req.param('slug'));
  const pdf = await renderCertificatePdf(certificate.payload, {
    verifyUrl: `${c.get('deps').config.baseUrl}/verify/${certificate.code}`,
    contentHash: certificate.contentHash,
    issuedAt: certificate.issuedAt,
  });
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="certificate-${certificate.payload.courseSlug}-${certificate.code}.pdf"`,
    'Cache-Control': 'no-store',
  });
});

learningRoutes.get('/learn/courses/:slug/badge.jwt', async (c) => {
  const { certificate } = await service.ownCertificate(c.get('deps').db, c.get('viewer')!, c.req.param('slug'));
  return c.body(certificate.badgeJwt, 200, {
    'Content-Type': 'application/jwt',
    'Content-Disposition': `attachment; filename="open-badge-${certificate.payload.courseSlug}.jwt"`,
    'Cache-Control': 'no-store',
  });
});

learningRoutes.get('/learn/courses/:slug/badge.json', async (c) => {
  const { certificate } = await service.ownCertificate(c.get('deps').db, c.get('viewer')!, c.req.param('slug'));
  const credential = JSON.parse(Buffer.from(certificate.badgeJwt.split('.')[1]!, 'base64url').toString('utf8')).vc;
  return c.body(JSON.stringify({ ...credential, proof: { type: 'JwtProof2020', jwt: certificate.badgeJwt } }, null, 2), 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="open-badge-${certificate.payload.courseSlug}.json"`,
    'Cache-Control': 'no-store',
  });
});

/** Public: anyone holding the paper can check it. Shows the minimum, never the holder's contact. */
learningRoutes.get('/verify/:code', async (c) => {
  const { certificate, isContentIntact } = await service.verifyCertificate(c.get('deps').db, c.req.param('code').toUpperCase());
  const page = pageContext(c);
  const { t } = page;
  const { payload } = certificate;
  return render(
    c,
    <Layout page={page} title={t('learning.verify.title')}>
      <h1>{t('learning.verify.title')}</h1>
      <p class="notice" role="status">
        {isContentIntact ? t('learning.verify.valid') : t('learning.verify.hashMismatch')}
      </p>
      <dl class="facts">
        <dt>{t('learning.certificate.code')}</dt>
        <dd>{payload.code}</dd>
        <dt>{t('learning.verify.holder')}</dt>
        <dd>{payload.holder}</dd>
        <dt>{t('learning.verify.course')}</dt>
        <dd lang={payload.language}>{payload.course}</dd>
        <dt>{t('learning.verify.issuedOn')}</dt>
        <dd>{formatDate(page.language, payload.issuedOn)}</dd>
        <dt>{t('learning.verify.issuer')}</dt>
        <dd>{payload.issuer}</dd>
        <dt>{t('learning.verify.hash')}</dt>
        <dd>
          <code class="token">{certificate.contentHash}</code>
        </dd>
      </dl>
      {isContentIntact && <p>{t('learning.verify.hashConfirmed')}</p>}
    </Layout>,
  );
});

learningRoutes.get('/.well-known/jwks.json', async (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.json(await publishedKeySet(c.get('deps').db));
});
