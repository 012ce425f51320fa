import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { parseForm, readForm, render, validateForm } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { networkStorage } from './uploads.js';
import { renderMarkdown } from '../learning/markdown.js';
import { callDecisionOutcomes, callFieldKinds, type CallFormField } from '../db/schema/index.js';
import { onFieldErrors } from './network-forms.js';
import {
  applicationSchema,
  callSchema,
  conflictSchema,
  criterionRows,
  decisionsSchema,
  eqfLevels,
  formFieldRows,
  reviewerSchema,
  scoresSchema,
} from './calls.schema.js';
import * as service from './calls.service.js';
import type { ApplicationView, Call, RankedApplication, UploadedFile } from './calls.service.js';

/** Calls for projects of a network: open, apply, review, rank and decide. Staff pages (FR/EN). */
export const callRoutes = new Hono<AppEnv>();
callRoutes.use('/calls', requireViewer, staffLanguage);
callRoutes.use('/calls/*', requireViewer, staffLanguage);

const storageOf = (c: AppContext) => networkStorage(c.get('deps').config.dataDirectory);
const euros = (page: PageContext, amount: number) => page.t('network.euros', { amount: formatNumber(page.language, amount) });

function callState(page: PageContext, call: Pick<Call, 'deadline' | 'decidedAt'>, now: Date) {
  if (call.decidedAt) return page.t('network.call.state.decided');
  return service.isPastDeadline(call, now) ? page.t('network.call.state.closed') : page.t('network.call.state.open');
}

// ---- list and new call ---------------------------------------------------------------------------

callRoutes.get('/calls', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const viewer = page.viewer!;
  const calls = await service.visibleCalls(c.get('deps').db, viewer);
  const now = c.get('deps').now();
  return render(
    c,
    <Layout page={page} title={t('network.calls.title')}>
      <h1>{t('network.calls.title')}</h1>
      {viewer.animatedNetworks.map((network) => (
        <p>
          <a class="button" href={`/calls/new?network=${network.id}`}>
            {t('network.calls.open', { network: network.name })}
          </a>
        </p>
      ))}
      {calls.length === 0 ? (
        <p>{t('network.calls.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('network.calls.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.call.title')}</th>
                <th scope="col">{t('network.call.network')}</th>
                <th scope="col">{t('network.call.deadline')}</th>
                <th scope="col">{t('network.call.state')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr>
                  <td>
                    <a href={`/calls/${call.id}`}>{call.title}</a>
                  </td>
                  <td>{call.networkName}</td>
                  <td>{formatDateTime(page.language, call.deadline)}</td>
                  <td>{callState(page, call, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
});

function FormBuilderRow({
  page,
  row,
  values,
  errors,
}: {
  page: PageContext;
  row: number;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { t } = page;
  const name = (part: string) => `field-${row}-${part}`;
  return (
    <fieldset>
      <legend>{t('network.call.formField', { number: row + 1 })}</legend>
      <TextField page={page} name={name('label')} label={t('network.call.fieldLabel')} values={values} errors={errors} maxlength={200} />
      <SelectField
        page={page}
        name={name('kind')}
        label={t('network.call.fieldKind')}
        values={values}
        errors={errors}
        required
        options={callFieldKinds.map((kind) => ({ value: kind, label: t(`network.fieldKind.${kind}`) }))}
      />
      <TextField
        page={page}
        name={name('options')}
        label={t('network.call.fieldOptions')}
        hint={t('network.call.fieldOptionsHint')}
        values={values}
        errors={errors}
      />
      <label class="checkbox">
        <input type="checkbox" name={name('required')} checked={values[name('required')] === 'on'} />
        {t('network.call.fieldRequired')}
      </label>
    </fieldset>
  );
}

function NewCallPage({
  page,
  network,
  values,
  errors,
}: {
  page: PageContext;
  network: { id: string; name: string };
  values: FormValues;
  errors?: FormErrors;
}) {
  const { t } = page;
  const chosenLevels = (values['eqfLevels'] ?? '').split(',');
  return (
    <Layout page={page} title={t('network.calls.new')}>
      <p class="breadcrumb">
        <a href="/calls">{t('network.calls.title')}</a> › {network.name}
      </p>
      <h1>{t('network.calls.new')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/calls" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="networkId" value={network.id} />
        <TextField page={page} name="title" label={t('network.call.title')} required values={values} errors={errors} maxlength={200} />
        <LongTextField
          page={page}
          name="rulesMarkdown"
          label={t('network.call.rules')}
          hint={t('network.call.rulesHint')}
          required
          values={values}
          errors={errors}
          maxlength={20_000}
          rows={12}
        />
        <fieldset id="field-eqfLevels">
          <legend>{t('network.call.eqfLevels')}</legend>
          {errors?.['eqfLevels'] && <p class="error-message">{t(errors['eqfLevels'])}</p>}
          <div class="checkbox-row">
            {eqfLevels.map((level) => (
              <label class="checkbox">
                <input type="checkbox" name="eqfLevels" value={String(level)} checked={chosenLevels.includes(String(level))} />
                {t('network.eqfLevel', { level })}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          page={page}
          name="minimumDurationDays"
          label={t('network.call.minimumDuration')}
          inputmode="numeric"
          required
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="budgetEuros"
          label={t('network.call.budget')}
          inputmode="numeric"
          required
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="deadline"
          type="datetime-local"
          label={t('network.call.deadline')}
          hint={t('network.call.deadlineHint')}
          required
          values={values}
          errors={errors}
        />
        <h2>{t('network.call.form')}</h2>
        <p class="hint">{t('network.call.formHint')}</p>
        {Array.from({ length: formFieldRows }, (_, row) => (
          <FormBuilderRow page={page} row={row} values={values} errors={errors} />
        ))}
        <h2>{t('network.call.grid')}</h2>
        <p class="hint">{t('network.call.gridHint')}</p>
        {Array.from({ length: criterionRows }, (_, row) => (
          <fieldset>
            <legend>{t('network.call.criterion', { number: row + 1 })}</legend>
            <TextField
              page={page}
              name={`criterion-${row}-label`}
              label={t('network.call.criterionLabel')}
              values={values}
              errors={errors}
              maxlength={200}
            />
            <TextField
              page={page}
              name={`criterion-${row}-weight`}
              label={t('network.call.criterionWeight')}
              inputmode="numeric"
              values={values}
              errors={errors}
            />
          </fieldset>
        ))}
        <button type="submit">{t('network.calls.openSubmit')}</button>
      </form>
    </Layout>
  );
}

function animatedNetwork(c: AppContext, networkId: string | undefined) {
  const network = c.get('viewer')!.animatedNetworks.find((candidate) => candidate.id === networkId);
  if (!network) throw notFound();
  return network;
}

callRoutes.get('/calls/new', (c) => {
  const network = animatedNetwork(c, c.req.query('network'));
  return render(c, <NewCallPage page={pageContext(c)} network={network} values={{ minimumDurationDays: '', budgetEuros: '' }} />);
});

callRoutes.post('/calls', async (c) => {
  const raw = await readForm(c);
  const network = animatedNetwork(c, typeof raw['networkId'] === 'string' ? raw['networkId'] : undefined);
  const form = validateForm(callSchema, raw);
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <NewCallPage page={pageContext(c)} network={network} values={form.values} errors={errors} />, status);
  if (!form.isValid) return rerender(form.errors, 400);
  const result = await onFieldErrors(() => service.openCall(c.get('deps').db, actorOf(c), form.data), rerender);
  if (result instanceof Response) return result;
  return c.redirect(`/calls/${result.id}?notice=network.notice.opened`, 303);
});

// ---- the call page -------------------------------------------------------------------------------

function CallFacts({ page, call, networkName }: { page: PageContext; call: Call; networkName: string }) {
  const { t } = page;
  return (
    <dl class="facts">
      <dt>{t('network.call.network')}</dt>
      <dd>{networkName}</dd>
      <dt>{t('network.call.deadline')}</dt>
      <dd>{formatDateTime(page.language, call.deadline)}</dd>
      <dt>{t('network.call.budget')}</dt>
      <dd>{euros(page, call.budgetEuros)}</dd>
      <dt>{t('network.call.eqfLevels')}</dt>
      <dd>{call.eqfLevels.map((level) => t('network.eqfLevel', { level })).join(', ')}</dd>
      <dt>{t('network.call.minimumDuration')}</dt>
      <dd>{t('network.days', { count: call.minimumDurationDays })}</dd>
    </dl>
  );
}

function GridTable({ page, call }: { page: PageContext; call: Call }) {
  const { t } = page;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption>{t('network.call.grid')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('network.call.criterionLabel')}</th>
            <th scope="col">{t('network.call.criterionWeight')}</th>
          </tr>
        </thead>
        <tbody>
          {call.criteria.map((criterion) => (
            <tr>
              <td>{criterion.label}</td>
              <td>{criterion.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type ApplicationRow = { application: service.Application; organisationName: string };

function ApplicationsTable({ page, call, rows, caption }: { page: PageContext; call: Call; rows: ApplicationRow[]; caption: string }) {
  const { t } = page;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('network.application.organisation')}</th>
            <th scope="col">{t('network.application.projectTitle')}</th>
            <th scope="col">{t('network.application.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ application, organisationName }) => (
            <tr>
              <td>
                <a href={`/calls/${call.id}/applications/${application.id}`}>{organisationName}</a>
              </td>
              <td>{application.projectTitle || '—'}</td>
              <td>{t(`network.applicationStatus.${application.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function CallPage({
  c,
  reviewerValues,
  reviewerErrors,
  status,
}: {
  c: AppContext;
  reviewerValues?: FormValues;
  reviewerErrors?: FormErrors;
  status?: string;
}) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.callPage(c.get('deps').db, page.viewer!, c.req.param('callId')!);
  const { call } = data;
  const isOpen = !call.decidedAt && !service.isPastDeadline(call, c.get('deps').now());
  const unstarted = data.applyingOrganisations.filter(
    (organisation) => !data.ownApplications.some((row) => row.application.organisationId === organisation.id),
  );
  return (
    <Layout page={page} title={call.title}>
      <p class="breadcrumb">
        <a href="/calls">{t('network.calls.title')}</a>
      </p>
      <h1>{call.title}</h1>
      {status && <p class="notice">{status}</p>}
      <CallFacts page={page} call={call} networkName={data.networkName} />
      <Section title={t('network.call.rules')} id="call-rules">
        <div class="lesson-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(call.rulesMarkdown) }} />
      </Section>
      <GridTable page={page} call={call} />
      {data.applyingOrganisations.length > 0 && (
        <Section title={t('network.call.yourApplications')} id="own-applications">
          {data.ownApplications.length > 0 && (
            <ApplicationsTable page={page} call={call} rows={data.ownApplications} caption={t('network.call.yourApplications')} />
          )}
          {isOpen
            ? unstarted.map((organisation) => (
                <PostButton
                  page={page}
                  action={`/calls/${call.id}/applications`}
                  hidden={{ organisationId: organisation.id }}
                  label={t('network.application.start', { organisation: organisation.legalName })}
                />
              ))
            : unstarted.length > 0 && <p>{t('network.application.error.deadlinePassed')}</p>}
        </Section>
      )}
      {data.isReviewer && (
        <Section title={t('network.call.toReview')} id="to-review">
          {data.sentApplications.length === 0 ? (
            <p>{t('network.call.noneSent')}</p>
          ) : (
            <ApplicationsTable page={page} call={call} rows={data.sentApplications} caption={t('network.call.toReview')} />
          )}
        </Section>
      )}
      {data.isAnimator && (
        <>
          <Section title={t('network.call.applications')} id="applications">
            <p>{t('network.call.draftCount', { count: data.draftCount })}</p>
            {data.sentApplications.length > 0 && (
              <ApplicationsTable page={page} call={call} rows={data.sentApplications} caption={t('network.call.applications')} />
            )}
            <p>
              <a class="button" href={`/calls/${call.id}/ranking`}>
                {t('network.ranking.title')}
              </a>
            </p>
          </Section>
          <Section title={t('network.reviewers.title')} id="reviewers">
            <ul class="plain-list">
              {data.reviewers.map((person) => (
                <li>
                  {person.givenName} {person.familyName}
                </li>
              ))}
            </ul>
            <ErrorSummary page={page} errors={reviewerErrors} />
            <form method="post" action={`/calls/${call.id}/reviewers`} novalidate>
              <CsrfField page={page} />
              <TextField
                page={page}
                name="email"
                type="email"
                label={t('network.reviewers.email')}
                hint={t('network.reviewers.hint')}
                required
                values={reviewerValues}
                errors={reviewerErrors}
              />
              <button type="submit" class="button-small">
                {t('network.reviewers.add')}
              </button>
            </form>
          </Section>
        </>
      )}
    </Layout>
  );
}

callRoutes.get('/calls/:callId', (c) => render(c, <CallPage c={c} />));

callRoutes.post('/calls/:callId/reviewers', async (c) => {
  const form = await parseForm(c, reviewerSchema);
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <CallPage c={c} reviewerValues={form.values} reviewerErrors={errors} />, status);
  if (!form.isValid) {
    await service.callFor(c.get('deps').db, c.get('viewer')!, c.req.param('callId'));
    return rerender(form.errors, 400);
  }
  const result = await onFieldErrors(
    () => service.addReviewer(c.get('deps').db, actorOf(c), c.req.param('callId'), form.data.email),
    rerender,
  );
  if (result instanceof Response) return result;
  return c.redirect(`/calls/${c.req.param('callId')}?notice=network.notice.reviewerAdded#reviewers`, 303);
});

callRoutes.post('/calls/:callId/applications', async (c) => {
  const raw = await readForm(c);
  const organisationId = typeof raw['organisationId'] === 'string' ? raw['organisationId'] : '';
  const callId = c.req.param('callId');
  const result = await onFieldErrors(
    () => service.startApplication(c.get('deps').db, actorOf(c), callId, organisationId),
    (errors, status) => render(c, <CallPage c={c} status={c.get('t')(Object.values(errors)[0]!)} />, status),
  );
  if (result instanceof Response) return result;
  return c.redirect(`/calls/${callId}/applications/${result.id}`, 303);
});

// ---- one application -----------------------------------------------------------------------------

function AnswerField({
  page,
  field,
  values,
  errors,
  attachment,
  callId,
  applicationId,
}: {
  page: PageContext;
  field: CallFormField;
  values: FormValues;
  errors?: FormErrors | undefined;
  attachment?: { fileName: string } | undefined;
  callId: string;
  applicationId: string;
}) {
  const name = `answer-${field.id}`;
  const common = { page, name, label: field.label, values, errors, required: field.isRequired };
  if (field.kind === 'long_text') return <LongTextField {...common} maxlength={10_000} />;
  if (field.kind === 'choice')
    return <SelectField {...common} required={false} options={field.options.map((option) => ({ value: option, label: option }))} />;
  if (field.kind === 'number') return <TextField {...common} inputmode="decimal" />;
  if (field.kind === 'text') return <TextField {...common} />;
  const error = errors?.[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>
        {field.label}
        {field.isRequired && <span aria-hidden="true"> *</span>}
      </label>
      <p class="hint" id={`hint-${name}`}>
        {page.t('network.application.fileHint')}
        {attachment && (
          <>
            {' '}
            {page.t('network.application.currentFile')}{' '}
            <a href={`/calls/${callId}/applications/${applicationId}/files/${field.id}`}>{attachment.fileName}</a>
          </>
        )}
      </p>
      {error && (
        <p class="error-message" id={`error-${name}`}>
          {page.t(error)}
        </p>
      )}
      <input
        id={`field-${name}`}
        name={name}
        type="file"
        accept=".pdf,.docx,.odt"
        aria-describedby={error ? `hint-${name} error-${name}` : `hint-${name}`}
      />
    </div>
  );
}

function applicationValues(view: ApplicationView): FormValues {
  const { application } = view;
  return {
    projectTitle: application.projectTitle,
    eqfLevel: application.eqfLevel?.toString(),
    plannedDurationDays: application.plannedDurationDays?.toString(),
    requestedEuros: application.requestedEuros?.toString(),
    ...Object.fromEntries(Object.entries(application.answers).map(([id, answer]) => [`answer-${id}`, answer])),
  };
}

function ApplicationForm({
  page,
  view,
  values,
  errors,
}: {
  page: PageContext;
  view: ApplicationView;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { t } = page;
  const { call, application } = view;
  return (
    <form method="post" action={`/calls/${call.id}/applications/${application.id}`} enctype="multipart/form-data" novalidate>
      <CsrfField page={page} />
      <TextField
        page={page}
        name="projectTitle"
        label={t('network.application.projectTitle')}
        required
        values={values}
        errors={errors}
        maxlength={200}
      />
      <SelectField
        page={page}
        name="eqfLevel"
        label={t('network.application.eqfLevel')}
        values={values}
        errors={errors}
        options={call.eqfLevels.map((level) => ({ value: String(level), label: t('network.eqfLevel', { level }) }))}
      />
      <TextField
        page={page}
        name="plannedDurationDays"
        label={t('network.application.plannedDuration')}
        hint={t('network.application.plannedDurationHint', { days: call.minimumDurationDays })}
        inputmode="numeric"
        required
        values={values}
        errors={errors}
      />
      <TextField
        page={page}
        name="requestedEuros"
        label={t('network.application.requested')}
        inputmode="numeric"
        required
        values={values}
        errors={errors}
      />
      {call.formFields.map((field) => (
        <AnswerField
          page={page}
          field={field}
          values={values}
          errors={errors}
          attachment={view.attachments.find((a) => a.fieldId === field.id)}
          callId={call.id}
          applicationId={application.id}
        />
      ))}
      <p class="hint">{t('network.application.deadlineReminder', { deadline: formatDateTime(page.language, call.deadline) })}</p>
      <button type="submit" name="intent" value="draft" class="button-quiet">
        {t('network.application.saveDraft')}
      </button>{' '}
      <button type="submit" name="intent" value="submit">
        {t('network.application.submit')}
      </button>
    </form>
  );
}

function ApplicationAnswers({ page, view }: { page: PageContext; view: ApplicationView }) {
  const { t } = page;
  const { call, application } = view;
  return (
    <dl class="facts">
      <dt>{t('network.application.eqfLevel')}</dt>
      <dd>{application.eqfLevel ? t('network.eqfLevel', { level: application.eqfLevel }) : '—'}</dd>
      <dt>{t('network.application.plannedDuration')}</dt>
      <dd>{application.plannedDurationDays ? t('network.days', { count: application.plannedDurationDays }) : '—'}</dd>
      <dt>{t('network.application.requested')}</dt>
      <dd>{application.requestedEuros !== null ? euros(page, application.requestedEuros) : '—'}</dd>
      {call.formFields.map((field) => {
        const attachment = view.attachments.find((candidate) => candidate.fieldId === field.id);
        return (
          <>
            <dt>{field.label}</dt>
            <dd class="preserve-lines">
              {field.kind === 'file' ? (
                attachment ? (
                  <a href={`/calls/${call.id}/applications/${application.id}/files/${field.id}`}>{attachment.fileName}</a>
                ) : (
                  '—'
                )
              ) : (
                application.answers[field.id] || '—'
              )}
            </dd>
          </>
        );
      })}
    </dl>
  );
}

function ReviewSection({
  page,
  view,
  values,
  errors,
}: {
  page: PageContext;
  view: ApplicationView;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { t } = page;
  const { call, application, ownReview } = view;
  const action = `/calls/${call.id}/applications/${application.id}/review`;
  let body;
  if (view.isOwnOrganisationForReviewer) body = <p>{t('network.review.ownOrganisation')}</p>;
  else if (ownReview?.hasConflict) body = <p>{t('network.review.conflictDeclared', { reason: ownReview.conflictReason ?? '' })}</p>;
  else if (call.decidedAt) body = <p>{t('network.review.error.decided')}</p>;
  else {
    const scoreOptions = Array.from({ length: 11 }, (_, score) => ({ value: String(score), label: String(score) }));
    body = (
      <>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action={action} novalidate>
          <CsrfField page={page} />
          {call.criteria.map((criterion) => (
            <fieldset>
              <legend>{t('network.review.criterion', { criterion: criterion.label, weight: criterion.weight })}</legend>
              <SelectField
                page={page}
                name={`score-${criterion.id}`}
                label={t('network.review.score')}
                required
                values={values}
                errors={errors}
                options={scoreOptions}
              />
              <LongTextField
                page={page}
                name={`comment-${criterion.id}`}
                label={t('network.review.comment')}
                values={values}
                errors={errors}
                maxlength={2000}
                rows={3}
              />
            </fieldset>
          ))}
          <button type="submit">{t('network.review.save')}</button>
        </form>
        <h3>{t('network.review.conflictTitle')}</h3>
        <form method="post" action={`${action}/conflict`} novalidate>
          <CsrfField page={page} />
          <LongTextField
            page={page}
            name="conflictReason"
            label={t('network.review.conflictReason')}
            hint={t('network.review.conflictHint')}
            required
            values={values}
            errors={errors}
            maxlength={1000}
            rows={3}
          />
          <button type="submit" class="button-quiet">
            {t('network.review.declareConflict')}
          </button>
        </form>
      </>
    );
  }
  return (
    <Section title={t('network.review.title')} id="review">
      {ownReview && !ownReview.hasConflict && <p>{t('network.review.saved')}</p>}
      {body}
    </Section>
  );
}

async function ApplicationPage({
  c,
  values,
  errors,
  reviewValues,
  reviewErrors,
}: {
  c: AppContext;
  values?: FormValues;
  errors?: FormErrors;
  reviewValues?: FormValues;
  reviewErrors?: FormErrors;
}) {
  const page = pageContext(c);
  const { t } = page;
  const view = await service.applicationFor(c.get('deps').db, page.viewer!, c.req.param('callId')!, c.req.param('applicationId')!);
  const { call, application } = view;
  const title = application.projectTitle || t('network.application.heading', { organisation: view.organisationName });
  const storedReview = view.ownReview
    ? Object.fromEntries(
        call.criteria.flatMap((criterion) => [
          [`score-${criterion.id}`, view.ownReview!.scores[criterion.id]?.toString()],
          [`comment-${criterion.id}`, view.ownReview!.comments[criterion.id]],
        ]),
      )
    : {};
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/calls/${call.id}`}>{call.title}</a>
      </p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{t('network.application.organisation')}</dt>
        <dd>{view.organisationName}</dd>
        <dt>{t('network.application.status')}</dt>
        <dd>
          <strong>{t(`network.applicationStatus.${application.status}`)}</strong>
          {application.status === 'funded' && application.awardedEuros !== null && <> — {euros(page, application.awardedEuros)}</>}
        </dd>
        {application.submittedAt && (
          <>
            <dt>{t('network.application.submittedAt')}</dt>
            <dd>{formatDateTime(page.language, application.submittedAt)}</dd>
          </>
        )}
      </dl>
      {view.isEditable ? (
        <>
          <ErrorSummary page={page} errors={errors} />
          <ApplicationForm page={page} view={view} values={values ?? applicationValues(view)} errors={errors} />
        </>
      ) : (
        <ApplicationAnswers page={page} view={view} />
      )}
      {view.isReviewer && !view.isApplicant && (
        <ReviewSection page={page} view={view} values={reviewValues ?? storedReview} errors={reviewErrors} />
      )}
    </Layout>
  );
}

callRoutes.get('/calls/:callId/applications/:applicationId', (c) => render(c, <ApplicationPage c={c} />));

async function uploadedFiles(c: AppContext): Promise<UploadedFile[]> {
  const body = await c.req.parseBody({ all: true });
  const files: UploadedFile[] = [];
  for (const [name, value] of Object.entries(body)) {
    const file = Array.isArray(value) ? value[0] : value;
    if (!name.startsWith('answer-') || !(file instanceof File) || file.size === 0) continue;
    files.push({
      fieldId: name.slice('answer-'.length),
      name: file.name,
      type: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  }
  return files;
}

callRoutes.post('/calls/:callId/applications/:applicationId', async (c) => {
  const ids = { callId: c.req.param('callId'), applicationId: c.req.param('applicationId') };
  const deps = c.get('deps');
  const view = await service.applicationFor(deps.db, c.get('viewer')!, ids.callId, ids.applicationId);
  if (!view.isEditable) throw view.isApplicant ? new AppError('conflict') : notFound();
  const raw = await readForm(c);
  const intent = raw['intent'] === 'submit' ? 'submit' : 'draft';
  const form = validateForm(applicationSchema(view.call, intent), raw);
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <ApplicationPage c={c} values={form.values} errors={errors} />, status);
  // Lateness comes first: a late applicant should not fix fields only to be refused afterwards.
  if (view.call.decidedAt || service.isPastDeadline(view.call, deps.now()))
    return rerender({ form: 'network.application.error.deadlinePassed' }, 409);
  if (!form.isValid) return rerender(form.errors, 400);
  const files = await uploadedFiles(c);
  const result = await onFieldErrors(
    () => service.saveApplication(deps, actorOf(c), ids, form.data, files, intent, storageOf(c).put),
    rerender,
  );
  if (result instanceof Response) return result;
  const notice = intent === 'submit' ? 'network.notice.submitted' : 'network.notice.draftSaved';
  return c.redirect(`/calls/${ids.callId}/applications/${ids.applicationId}?notice=${notice}`, 303);
});

callRoutes.get('/calls/:callId/applications/:applicationId/files/:fieldId', async (c) => {
  const attachment = await service.attachmentFor(c.get('deps').db, c.get('viewer')!, c.req.param());
  const bytes = await storageOf(c).get(attachment.storageKey);
  if (!bytes) throw notFound();
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': attachment.contentType,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(attachment.fileName)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
});

callRoutes.post('/calls/:callId/applications/:applicationId/review', async (c) => {
  const ids = { callId: c.req.param('callId'), applicationId: c.req.param('applicationId') };
  const view = await service.applicationFor(c.get('deps').db, c.get('viewer')!, ids.callId, ids.applicationId);
  if (!view.isReviewer) throw notFound();
  const form = await parseForm(c, scoresSchema(view.call.criteria));
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <ApplicationPage c={c} reviewValues={form.values} reviewErrors={errors} />, status);
  if (!form.isValid) return rerender(form.errors, 400);
  const result = await onFieldErrors(() => service.scoreApplication(c.get('deps').db, actorOf(c), ids, form.data), rerender);
  if (result instanceof Response) return result;
  return c.redirect(`/calls/${ids.callId}/applications/${ids.applicationId}?notice=network.notice.scored#review`, 303);
});

callRoutes.post('/calls/:callId/applications/:applicationId/review/conflict', async (c) => {
  const ids = { callId: c.req.param('callId'), applicationId: c.req.param('applicationId') };
  await service.applicationFor(c.get('deps').db, c.get('viewer')!, ids.callId, ids.applicationId);
  const form = await parseForm(c, conflictSchema);
  if (!form.isValid) return render(c, <ApplicationPage c={c} reviewValues={form.values} reviewErrors={form.errors} />, 400);
  await service.declareConflict(c.get('deps').db, actorOf(c), ids, form.data.conflictReason);
  return c.redirect(`/calls/${ids.callId}/applications/${ids.applicationId}?notice=network.notice.conflictDeclared#review`, 303);
});

// ---- ranking and decision ------------------------------------------------------------------------

function DecisionCells({
  page,
  row,
  values,
  errors,
  isDecided,
}: {
  page: PageContext;
  row: RankedApplication;
  values: FormValues;
  errors?: FormErrors | undefined;
  isDecided: boolean;
}) {
  const { t } = page;
  const { application } = row;
  if (isDecided) {
    return (
      <>
        <td>{t(`network.applicationStatus.${application.status}`)}</td>
        <td>{application.awardedEuros !== null ? euros(page, application.awardedEuros) : '—'}</td>
      </>
    );
  }
  const decision = `decision-${application.id}`;
  const amount = `amount-${application.id}`;
  const label = (key: 'network.decision.outcome' | 'network.decision.amount') => `${t(key)} — ${row.organisationName}`;
  return (
    <>
      <td>
        <select
          id={`field-${decision}`}
          name={decision}
          aria-label={label('network.decision.outcome')}
          aria-invalid={errors?.[decision] ? 'true' : undefined}
        >
          {callDecisionOutcomes.map((outcome) => (
            <option value={outcome} selected={values[decision] === outcome}>
              {t(`network.applicationStatus.${outcome}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          id={`field-${amount}`}
          name={amount}
          inputmode="numeric"

          value={values[amount] ?? ''}
          aria-label={label('network.decision.amount')}
          aria-invalid={errors?.[amount] ? 'true' : undefined}
        />
      </td>
    </>
  );
}

async function RankingPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const { call, ranked } = await service.rankingOf(c.get('deps').db, page.viewer!, c.req.param('callId')!);
  const isDecided = Boolean(call.decidedAt);
  const canDecide = !isDecided && service.isPastDeadline(call, c.get('deps').now());
  const formValues =
    values ??
    Object.fromEntries(
      ranked.flatMap((row) => [
        [`decision-${row.application.id}`, 'rejected'],
        [`amount-${row.application.id}`, row.application.requestedEuros?.toString() ?? ''],
      ]),
    );
  const table = (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption>{t('network.ranking.caption', { budget: euros(page, call.budgetEuros) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('network.ranking.rank')}</th>
            <th scope="col">{t('network.application.organisation')}</th>
            <th scope="col">{t('network.application.projectTitle')}</th>
            <th scope="col">{t('network.application.requested')}</th>
            <th scope="col">{t('network.ranking.score')}</th>
            <th scope="col">{t('network.ranking.reviews')}</th>
            <th scope="col">{t('network.decision.outcome')}</th>
            <th scope="col">{t('network.decision.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((row, index) => (
            <tr>
              <td>{index + 1}</td>
              <th scope="row">
                <a href={`/calls/${call.id}/applications/${row.application.id}`}>{row.organisationName}</a>
              </th>
              <td>{row.application.projectTitle}</td>
              <td>{row.application.requestedEuros !== null ? euros(page, row.application.requestedEuros) : '—'}</td>
              <td>{row.score === null ? '—' : formatNumber(page.language, Math.round(row.score * 100) / 100)}</td>
              <td>{t('network.ranking.reviewCount', { count: row.reviewCount, conflicts: row.conflictCount })}</td>
              <DecisionCells page={page} row={row} values={formValues} errors={errors} isDecided={!canDecide} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Layout page={page} title={t('network.ranking.title')}>
      <p class="breadcrumb">
        <a href={`/calls/${call.id}`}>{call.title}</a>
      </p>
      <h1>{t('network.ranking.title')}</h1>
      <p>{t('network.ranking.intro')}</p>
      <ErrorSummary page={page} errors={errors} />
      {isDecided && <p>{t('network.decision.done', { date: formatDateTime(page.language, call.decidedAt!) })}</p>}
      {!isDecided && !canDecide && <p>{t('network.decision.error.stillOpen')}</p>}
      {canDecide && ranked.length > 0 ? (
        <form method="post" action={`/calls/${call.id}/decisions`} novalidate>
          <CsrfField page={page} />
          {table}
          <button type="submit">{t('network.decision.submit')}</button>
        </form>
      ) : (
        table
      )}
    </Layout>
  );
}

callRoutes.get('/calls/:callId/ranking', (c) => render(c, <RankingPage c={c} />));

callRoutes.post('/calls/:callId/decisions', async (c) => {
  const deps = c.get('deps');
  const { ranked } = await service.rankingOf(deps.db, c.get('viewer')!, c.req.param('callId'));
  const form = await parseForm(c, decisionsSchema(ranked.map((row) => row.application.id)));
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <RankingPage c={c} values={form.values} errors={errors} />, status);
  if (!form.isValid) return rerender(form.errors, 400);
  const result = await onFieldErrors(() => service.decideCall(deps, actorOf(c), c.req.param('callId'), form.data), rerender);
  if (result instanceof Response) return result;
  return c.redirect(`/calls/${c.req.param('callId')}/ranking?notice=network.notice.decided`, 303);
});
