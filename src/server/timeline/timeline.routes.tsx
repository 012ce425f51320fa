import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, type FormErrors, type FormValues } from '../../ui/forms.js';
import { Pagination } from '../../ui/pagination.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatDateTime, formatNumber } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { readForm, render, validateForm } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { renderMarkdown } from '../learning/markdown.js';
import { timelinePhases } from '../db/schema/index.js';
import { boardQuerySchema, completeStepSchema, skipStepSchema } from './timeline.schema.js';
import { DueDate, StepStatusBadge, Translated, translatedText } from './timeline-view.js';
import { templateRoutes } from './templates.routes.js';
import { calendarRoutes } from './calendar.routes.js';
import * as service from './timeline.service.js';

export const timelineRoutes = new Hono<AppEnv>();

timelineRoutes.use('/mobilities/:id/timeline', requireViewer);
timelineRoutes.use('/mobilities/:id/timeline/*', requireViewer);
timelineRoutes.use('/timeline/*', requireViewer, staffLanguage);

const timelinePath = (mobilityId: string) => `/mobilities/${mobilityId}/timeline`;
const stepPath = (mobilityId: string, stepId: string) => `${timelinePath(mobilityId)}/steps/${stepId}`;

async function TimelinePage({ c }: { c: AppContext }) {
  const page = pageContext(c);
  const { t, language } = page;
  const { view, steps, today } = await service.mobilityTimeline(c.get('deps'), actorOf(c), c.req.param('id')!);
  const name = `${view.participant.givenName} ${view.participant.familyName}`;
  const overdue = steps.filter((step) => step.isOverdue).length;
  const title = view.relation === 'participant' ? t('timeline.page.mine') : t('timeline.page.title', { name });
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/mobilities/${view.mobility.id}`}>{t('timeline.page.mobility')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {view.mobility.startDate && view.mobility.endDate
          ? t('timeline.page.dates', {
              start: formatDate(language, view.mobility.startDate),
              end: formatDate(language, view.mobility.endDate),
            })
          : t('timeline.page.noDates')}
      </p>
      <p role="status">{steps.length === 0 ? t('timeline.page.empty') : t('timeline.page.summary', { count: steps.length, overdue })}</p>
      <p>
        <a href="/calendar">{t('timeline.calendar.link')}</a>
      </p>
      {timelinePhases.map((phase) => {
        const ofPhase = steps.filter((step) => step.phase === phase);
        if (ofPhase.length === 0) return null;
        return (
          <section class="panel" aria-labelledby={`phase-${phase}`}>
            <h2 id={`phase-${phase}`}>{t(`timeline.phase.${phase}`)}</h2>
            <ol class="timeline-list">
              {ofPhase.map((step) => (
                <li class={step.isOverdue ? 'timeline-step timeline-step-overdue' : 'timeline-step'}>
                  <a href={stepPath(view.mobility.id, step.id)}>
                    <Translated page={page} text={step.title} />
                  </a>{' '}
                  <StepStatusBadge page={page} status={step.status} dueDate={step.dueDate} today={today} />
                  <br />
                  <span class="hint">
                    {t('timeline.step.due')} <DueDate page={page} dueDate={step.dueDate} /> · {t(`timeline.role.${step.role}`)}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </Layout>
  );
}

type StepPageProps = { c: AppContext; values?: FormValues; errors?: FormErrors; skipValues?: FormValues; skipErrors?: FormErrors };

async function StepPage({ c, values = {}, errors, skipValues = {}, skipErrors }: StepPageProps) {
  const page = pageContext(c);
  const { t, language } = page;
  const mobilityId = c.req.param('id')!;
  const { view, steps, canSkip, today } = await service.mobilityTimeline(c.get('deps'), actorOf(c), mobilityId);
  const step = steps.find((candidate) => candidate.id === c.req.param('stepId'));
  if (!step) throw new AppError('not_found');
  const action = stepPath(mobilityId, step.id);
  const canComplete = step.canAct && step.status === 'todo' && (step.evidence !== 'course' || canSkip);
  const guidance = translatedText(page, step.guidance);
  return (
    <Layout page={page} title={translatedText(page, step.title)}>
      <p class="breadcrumb">
        <a href={timelinePath(mobilityId)}>
          {view.relation === 'participant'
            ? t('timeline.page.mine')
            : t('timeline.page.title', { name: `${view.participant.givenName} ${view.participant.familyName}` })}
        </a>
      </p>
      <h1>
        <Translated page={page} text={step.title} />
      </h1>
      <ErrorSummary page={page} errors={{ ...errors, ...skipErrors }} />
      <dl class="facts">
        <dt>{t('timeline.step.status')}</dt>
        <dd>
          <StepStatusBadge page={page} status={step.status} dueDate={step.dueDate} today={today} />
        </dd>
        <dt>{t('timeline.step.due')}</dt>
        <dd>
          <DueDate page={page} dueDate={step.dueDate} />
        </dd>
        <dt>{t('timeline.step.who')}</dt>
        <dd>{t(`timeline.role.${step.role}`)}</dd>
        <dt>{t('timeline.step.evidence')}</dt>
        <dd>{t(`timeline.evidence.${step.evidence}`)}</dd>
        {step.completedAt && (
          <>
            <dt>{step.status === 'skipped' ? t('timeline.step.skippedOn') : t('timeline.step.doneOn')}</dt>
            <dd>{formatDateTime(language, step.completedAt)}</dd>
          </>
        )}
        {step.skipReason && (
          <>
            <dt>{t('timeline.step.skipReason')}</dt>
            <dd class="preserve-lines">{step.skipReason}</dd>
          </>
        )}
        {step.note && (
          <>
            <dt>{t('timeline.step.note')}</dt>
            <dd class="preserve-lines">{step.note}</dd>
          </>
        )}
        {step.fileName && (
          <>
            <dt>{t('timeline.step.file')}</dt>
            <dd>
              <a href={`${action}/file`}>{step.fileName}</a>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="guidance" class="step-guidance" lang={guidance === step.guidance[language] ? undefined : 'en'}>
        <h2 id="guidance">{t('timeline.step.guidance')}</h2>
        <div dangerouslySetInnerHTML={{ __html: renderMarkdown(guidance) }} />
      </section>
      {step.resources.length > 0 && (
        <Section title={t('timeline.step.resources')} id="resources">
          <ul class="link-list">
            {step.resources.map((resource) => (
              <li>
                <a href={resource.url} rel="noopener noreferrer">
                  <Translated page={page} text={resource.title} />
                </a>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {step.evidence === 'course' && step.evidenceDetail && step.status === 'todo' && (
        <p>
          <a class="button" href={`/learn/${step.evidenceDetail}`}>
            {t('timeline.step.openCourse')}
          </a>
        </p>
      )}
      {canComplete && (
        <Section title={t('timeline.step.completeTitle')} id="complete">
          <form method="post" action={`${action}/complete`} enctype={step.evidence === 'document' ? 'multipart/form-data' : undefined}>
            <CsrfField page={page} />
            <LongTextField
              page={page}
              name="note"
              label={step.evidence === 'form' ? t('timeline.step.noteRequired') : t('timeline.step.noteOptional')}
              values={values}
              errors={errors}
              maxlength={4000}
              rows={4}
              required={step.evidence === 'form'}
            />
            {(step.evidence === 'checkbox' || step.evidence === 'signature') && (
              <div class={errors?.['confirmed'] ? 'field field-error' : 'field'}>
                {errors?.['confirmed'] && (
                  <p class="error-message" id="error-confirmed">
                    {t(errors['confirmed'])}
                  </p>
                )}
                <label class="checkbox">
                  <input
                    id="field-confirmed"
                    type="checkbox"
                    name="confirmed"
                    value="yes"
                    aria-describedby={errors?.['confirmed'] ? 'error-confirmed' : undefined}
                  />{' '}
                  {step.evidence === 'signature' ? t('timeline.step.confirmSigned') : t('timeline.step.confirmDone')}
                </label>
              </div>
            )}
            {step.evidence === 'document' && (
              <div class={errors?.['file'] ? 'field field-error' : 'field'}>
                <label for="field-file">{t('timeline.step.fileLabel')}</label>
                <p class="hint" id="hint-file">
                  {t('timeline.step.fileHint')}
                </p>
                {errors?.['file'] && (
                  <p class="error-message" id="error-file">
                    {t(errors['file'])}
                  </p>
                )}
                <input
                  id="field-file"
                  type="file"
                  name="file"
                  accept=".pdf,.docx,.odt"
                  aria-describedby={errors?.['file'] ? 'hint-file error-file' : 'hint-file'}
                />
              </div>
            )}
            <button type="submit">{t('timeline.step.complete')}</button>
          </form>
        </Section>
      )}
      {canSkip && step.status === 'todo' && (
        <Section title={t('timeline.step.skipTitle')} id="skip">
          <form method="post" action={`${action}/skip`}>
            <CsrfField page={page} />
            <LongTextField
              page={page}
              name="reason"
              label={t('timeline.step.skipReason')}
              values={skipValues}
              errors={skipErrors}
              maxlength={1000}
              rows={3}
              required
            />
            <button type="submit" class="button-quiet">
              {t('timeline.step.skip')}
            </button>
          </form>
        </Section>
      )}
      {step.canAct && step.status !== 'todo' && <PostButton page={page} action={`${action}/reopen`} label={t('timeline.step.reopen')} />}
    </Layout>
  );
}

timelineRoutes.get('/mobilities/:id/timeline', (c) => render(c, <TimelinePage c={c} />));
timelineRoutes.get('/mobilities/:id/timeline/steps/:stepId', (c) => render(c, <StepPage c={c} />));

/** Turns a refused input into the step page again, with what was typed, the reasons and the right status. */
async function onRefusal(
  c: AppContext,
  action: () => Promise<unknown>,
  rerender: (errors: FormErrors, status: 400 | 409 | 413) => Promise<Response>,
) {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'payload_too_large' || error.code === 'conflict')) {
      const fields = Object.keys(error.fields).length ? (error.fields as FormErrors) : ({ form: error.message } as FormErrors);
      return rerender(fields, error.status as 400 | 409 | 413);
    }
    throw error;
  }
  return c.redirect(`${timelinePath(c.req.param('id')!)}?notice=timeline.step.saved`, 303);
}

timelineRoutes.post('/mobilities/:id/timeline/steps/:stepId/complete', async (c) => {
  const raw = await readForm(c);
  const form = validateForm(completeStepSchema, raw);
  if (!form.isValid) return render(c, <StepPage c={c} values={form.values} errors={form.errors} />, 400);
  const body = await c.req.parseBody();
  const upload = body['file'];
  const file =
    upload instanceof File && upload.size > 0
      ? { name: upload.name, type: upload.type, bytes: new Uint8Array(await upload.arrayBuffer()) }
      : null;
  return onRefusal(
    c,
    () => service.completeStep(c.get('deps'), actorOf(c), c.req.param('id'), c.req.param('stepId'), form.data, file),
    (errors, status) => render(c, <StepPage c={c} values={form.values} errors={errors} />, status),
  );
});

timelineRoutes.post('/mobilities/:id/timeline/steps/:stepId/skip', async (c) => {
  const form = validateForm(skipStepSchema, await readForm(c));
  if (!form.isValid) return render(c, <StepPage c={c} skipValues={form.values} skipErrors={form.errors} />, 400);
  return onRefusal(
    c,
    () => service.skipStep(c.get('deps'), actorOf(c), c.req.param('id'), c.req.param('stepId'), form.data.reason),
    (errors, status) => render(c, <StepPage c={c} skipValues={form.values} skipErrors={errors} />, status),
  );
});

timelineRoutes.post('/mobilities/:id/timeline/steps/:stepId/reopen', (c) =>
  onRefusal(
    c,
    () => service.reopenStep(c.get('deps'), actorOf(c), c.req.param('id'), c.req.param('stepId')),
    (errors, status) => render(c, <StepPage c={c} errors={errors} />, status),
  ),
);

timelineRoutes.get('/mobilities/:id/timeline/steps/:stepId/file', async (c) => {
  const file = await service.stepEvidence(c.get('deps'), actorOf(c), c.req.param('id'), c.req.param('stepId'));
  return c.body(new Uint8Array(file.bytes), 200, {
    'Content-Type': file.type,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(file.name)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
});

// ---- the coach's board -----------------------------------------------------------------------------

function BoardFilters({
  page,
  query,
  stepOptions,
}: {
  page: PageContext;
  query: service.BoardQuery;
  stepOptions: { key: string; title: Record<string, string> }[];
}) {
  const { t } = page;
  return (
    <form method="get" action="/timeline/board" class="filter-grid" role="search">
      <div class="filter-field">
        <label for="board-window">{t('timelineAdmin.board.window')}</label>
        <select id="board-window" name="window">
          {(['open', 'overdue', 'week'] as const).map((window) => (
            <option value={window} selected={query.window === window}>
              {t(`timelineAdmin.board.window.${window}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="filter-field">
        <label for="board-step">{t('timelineAdmin.board.step')}</label>
        <select id="board-step" name="step">
          <option value="">{t('common.all')}</option>
          {stepOptions.map((option) => (
            <option value={option.key} selected={query.step === option.key}>
              {translatedText(page, option.title)}
            </option>
          ))}
        </select>
      </div>
      <div class="filter-field">
        <label for="board-q">{t('timelineAdmin.board.learner')}</label>
        <input id="board-q" name="q" type="search" value={query.q ?? ''} maxlength={100} />
      </div>
      <div class="filter-field">
        <button type="submit" class="button-small">
          {t('common.filter')}
        </button>
      </div>
    </form>
  );
}

timelineRoutes.get('/timeline/board', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const query = boardQuerySchema.parse(c.req.query());
  const board = await service.coachBoard(c.get('deps').db, actorOf(c), query);
  return render(
    c,
    <Layout page={page} title={t('timelineAdmin.board.title')}>
      <h1>{t('timelineAdmin.board.title')}</h1>
      <p class="lead">{t('timelineAdmin.board.intro')}</p>
      <p>
        <a href="/timeline/templates">{t('timelineAdmin.templates.title')}</a>
      </p>
      <BoardFilters page={page} query={query} stepOptions={board.bySteps} />
      <p role="status">{t('common.resultCount', { count: board.total })}</p>
      <Section title={t('timelineAdmin.board.byLearner')} id="by-learner">
        {board.rows.length === 0 ? (
          <p>{t('timelineAdmin.board.nothing')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('timelineAdmin.board.learner')}</th>
                  <th scope="col">{t('timelineAdmin.board.step')}</th>
                  <th scope="col">{t('timeline.step.due')}</th>
                  <th scope="col">{t('timeline.step.who')}</th>
                </tr>
              </thead>
              <tbody>
                {board.rows.map((row) => (
                  <tr>
                    <td>
                      <a href={timelinePath(row.mobilityId)}>{`${row.givenName} ${row.familyName}`}</a>
                    </td>
                    <td>
                      <a href={stepPath(row.mobilityId, row.stepId)}>
                        <Translated page={page} text={row.title} />
                      </a>
                    </td>
                    <td>
                      <DueDate page={page} dueDate={row.dueDate} />{' '}
                      <StepStatusBadge page={page} status="todo" dueDate={row.dueDate} today={board.today} />
                    </td>
                    <td>{t(`timeline.role.${row.role}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={page}
          current={query.page}
          total={board.total}
          pageSize={service.boardPageSize}
          query={{ window: query.window, step: query.step, q: query.q }}
        />
      </Section>
      <Section title={t('timelineAdmin.board.byStep')} id="by-step">
        {board.bySteps.length === 0 ? (
          <p>{t('timelineAdmin.board.nothing')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('timelineAdmin.board.step')}</th>
                  <th scope="col">{t('timelineAdmin.board.window.overdue')}</th>
                  <th scope="col">{t('timelineAdmin.board.window.week')}</th>
                </tr>
              </thead>
              <tbody>
                {board.bySteps.map((row) => (
                  <tr>
                    <td>
                      <a href={`/timeline/board?step=${row.key}`}>
                        <Translated page={page} text={row.title} />
                      </a>
                    </td>
                    <td>{formatNumber(language, row.overdue)}</td>
                    <td>{formatNumber(language, row.thisWeek)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={t('timelineAdmin.board.recentlyDone')} id="recently-done">
        {board.done.length === 0 ? (
          <p>{t('timelineAdmin.board.nothingDone')}</p>
        ) : (
          <ul class="plain-list">
            {board.done.map((row) => (
              <li>
                <a href={stepPath(row.mobilityId, row.stepId)}>
                  <Translated page={page} text={row.title} />
                </a>{' '}
                — {`${row.givenName} ${row.familyName}`}
                {row.completedAt && <span class="hint"> · {formatDateTime(language, row.completedAt)}</span>}
                {row.note && <p class="preserve-lines">{row.note}</p>}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Layout>,
  );
});

timelineRoutes.route('/', templateRoutes);
timelineRoutes.route('/', calendarRoutes);
