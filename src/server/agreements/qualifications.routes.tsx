import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { outcomeKinds } from '../db/schema/index.js';
import { outcomeFormSchema, qualificationFormSchema } from './agreements.schema.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { catalogueText } from './agreement-content.js';
import { canOnCatalogue } from './agreements.policy.js';
import { parseQualificationCsv, parseQualificationJson, qualificationCsvColumns, type ImportPreview } from './qualification-content.js';
import * as service from './qualifications.service.js';

export const qualificationRoutes = new Hono<AppEnv>();
qualificationRoutes.use('/qualifications', requireViewer, staffLanguage);
qualificationRoutes.use('/qualifications/*', requireViewer, staffLanguage);

/** A catalogue file is small text: a whole national framework fits in well under a megabyte. */
export const maximumCatalogueBytes = 1024 * 1024;

qualificationRoutes.get('/qualifications', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const rows = await service.catalogueFor(c.get('deps').db, actorOf(c));
  return render(
    c,
    <Layout page={page} title={t('qualifications.title')}>
      <h1>{t('qualifications.title')}</h1>
      <p>{t('qualifications.intro')}</p>
      {canOnCatalogue(page.viewer!, 'manage') && (
        <p>
          <a class="button" href="/qualifications/new">
            {t('qualifications.create')}
          </a>{' '}
          <a class="button" href="/qualifications/import">
            {t('qualifications.import.title')}
          </a>
        </p>
      )}
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{t('qualifications.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('qualifications.qualification')}</th>
              <th scope="col">{t('qualifications.eqfLevel')}</th>
              <th scope="col">{t('qualifications.nationalCode')}</th>
              <th scope="col">{t('qualifications.outcomeCount')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <a href={`/qualifications/${row.slug}`}>{catalogueText(row.title, language)}</a>
                </td>
                <td>{row.eqfLevel}</td>
                <td>{row.nationalCode ?? '—'}</td>
                <td>{row.outcomeCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
});

function UploadForm({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <form method="post" action="/qualifications/import" enctype="multipart/form-data">
      <CsrfField page={page} />
      <div class="field">
        <label for="field-file">{t('qualifications.import.file')}</label>
        <p class="hint" id="hint-file">
          {t('qualifications.import.fileHint', { columns: qualificationCsvColumns.join(';') })}
        </p>
        <input
          id="field-file"
          name="file"
          type="file"
          required
          accept=".csv,.json,text/csv,application/json"
          aria-describedby="hint-file"
        />
      </div>
      <button type="submit">{t('qualifications.import.preview')}</button>
    </form>
  );
}

qualificationRoutes.get('/qualifications/import', async (c) => {
  const page = pageContext(c);
  if (!canOnCatalogue(page.viewer!, 'manage')) throw new AppError('not_found');
  return render(
    c,
    <Layout page={page} title={page.t('qualifications.import.title')}>
      <p class="breadcrumb">
        <a href="/qualifications">{page.t('qualifications.title')}</a>
      </p>
      <h1>{page.t('qualifications.import.title')}</h1>
      <p>{page.t('qualifications.import.intro')}</p>
      <UploadForm page={page} />
    </Layout>,
  );
});

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));

function parseUpload(bytes: Uint8Array): ImportPreview {
  const asText = new TextDecoder().decode(bytes);
  return looksLikeJson(asText) ? parseQualificationJson(asText) : parseQualificationCsv(bytes);
}

function PreviewPage({ page, preview, payload }: { page: PageContext; preview: ImportPreview; payload: string }) {
  const { t, language } = page;
  const hasProblems = preview.problems.length > 0 || preview.documents.length === 0;
  return (
    <Layout page={page} title={t('qualifications.import.previewTitle')}>
      <p class="breadcrumb">
        <a href="/qualifications">{t('qualifications.title')}</a>
      </p>
      <h1>{t('qualifications.import.previewTitle')}</h1>
      {hasProblems && (
        <div class="error-summary" role="alert">
          <h2>{t('qualifications.import.problems', { count: preview.problems.length })}</h2>
          <p>{t('qualifications.import.nothingWritten')}</p>
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="visually-hidden">{t('qualifications.import.problems', { count: preview.problems.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('qualifications.import.line')}</th>
                  <th scope="col">{t('qualifications.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.problems.map((problem) => (
                  <tr>
                    <td>{problem.line ?? '—'}</td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <ul>
        {preview.documents.map((document) => (
          <li>
            {catalogueText(document.title, language)} —{' '}
            {t('qualifications.import.summary', {
              units: document.units.length,
              outcomes: document.units.reduce((sum, unit) => sum + unit.outcomes.length, 0),
            })}
          </li>
        ))}
      </ul>
      {hasProblems ? (
        <UploadForm page={page} />
      ) : (
        <form method="post" action="/qualifications/import/confirm">
          <CsrfField page={page} />
          <input type="hidden" name="payload" value={payload} />
          <button type="submit">{t('qualifications.import.confirm')}</button>
        </form>
      )}
    </Layout>
  );
}

qualificationRoutes.post('/qualifications/import', async (c) => {
  const page = pageContext(c);
  if (!canOnCatalogue(page.viewer!, 'manage')) throw new AppError('not_found');
  const body = await c.req.parseBody();
  const file = body['file'];
  if (!(file instanceof File) || file.size === 0) throw new AppError('invalid_input', 'qualifications.import.fileRequired');
  if (file.size > maximumCatalogueBytes) throw new AppError('payload_too_large');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const preview = await service.checkImport(c.get('deps').db, actorOf(c), parseUpload(bytes));
  const hasProblems = preview.problems.length > 0 || preview.documents.length === 0;
  return render(c, <PreviewPage page={page} preview={preview} payload={Buffer.from(bytes).toString('base64')} />, hasProblems ? 400 : 200);
});

/** The confirmed file comes back with the form (base64): parsed and checked again, then written at once. */
qualificationRoutes.post('/qualifications/import/confirm', async (c) => {
  const body = await c.req.parseBody();
  const payload = typeof body['payload'] === 'string' ? body['payload'] : '';
  const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
  if (bytes.length === 0) throw new AppError('invalid_input', 'qualifications.import.fileRequired');
  await service.importQualifications(c.get('deps').db, actorOf(c), parseUpload(bytes));
  return c.redirect(`/qualifications?notice=qualifications.import.done`, 303);
});

/** The fields of one outcome and its unit, shared by the create form and the add-outcome form. */
function OutcomeFields({ page, values, errors }: { page: PageContext; values: FormValues; errors: FormErrors | undefined }) {
  const { t } = page;
  return (
    <>
      <TextField
        page={page}
        name="unitCode"
        label={t('qualifications.form.unitCode')}
        hint={t('qualifications.form.unitCodeHint')}
        values={values}
        errors={errors}
        required
      />
      <TextField page={page} name="unitTitleFr" label={t('qualifications.form.unitTitleFr')} values={values} errors={errors} required />
      <TextField page={page} name="unitTitleEn" label={t('qualifications.form.unitTitleEn')} values={values} errors={errors} required />
      <TextField
        page={page}
        name="outcomeKey"
        label={t('qualifications.form.outcomeKey')}
        hint={t('qualifications.form.keyHint')}
        values={values}
        errors={errors}
        required
      />
      <SelectField
        page={page}
        name="kind"
        label={t('qualifications.form.kind')}
        values={values}
        errors={errors}
        required
        options={outcomeKinds.map((kind) => ({ value: kind, label: t(`qualifications.kind.${kind}`) }))}
      />
      <LongTextField page={page} name="textFr" label={t('qualifications.form.textFr')} values={values} errors={errors} />
      <LongTextField page={page} name="textEn" label={t('qualifications.form.textEn')} values={values} errors={errors} />
      <LongTextField
        page={page}
        name="criteriaFr"
        label={t('qualifications.form.criteriaFr')}
        hint={t('qualifications.form.criteriaHint')}
        values={values}
        errors={errors}
      />
      <LongTextField
        page={page}
        name="criteriaEn"
        label={t('qualifications.form.criteriaEn')}
        hint={t('qualifications.form.criteriaHint')}
        values={values}
        errors={errors}
      />
    </>
  );
}

function CreatePage({ page, values, errors }: { page: PageContext; values: FormValues; errors?: FormErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('qualifications.create')}>
      <p class="breadcrumb">
        <a href="/qualifications">{t('qualifications.title')}</a>
      </p>
      <h1>{t('qualifications.create')}</h1>
      <form method="post" action="/qualifications/new" novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <TextField
          page={page}
          name="slug"
          label={t('qualifications.form.slug')}
          hint={t('qualifications.form.keyHint')}
          values={values}
          errors={errors}
          required
        />
        <TextField page={page} name="titleFr" label={t('qualifications.form.titleFr')} values={values} errors={errors} required />
        <TextField page={page} name="titleEn" label={t('qualifications.form.titleEn')} values={values} errors={errors} required />
        <TextField page={page} name="nationalCode" label={t('qualifications.nationalCode')} values={values} errors={errors} />
        <TextField
          page={page}
          name="eqfLevel"
          inputmode="numeric"
          label={t('qualifications.eqfLevel')}
          values={values}
          errors={errors}
          required
        />
        <TextField
          page={page}
          name="awardingBodyFr"
          label={t('qualifications.form.awardingBodyFr')}
          values={values}
          errors={errors}
          required
        />
        <TextField
          page={page}
          name="awardingBodyEn"
          label={t('qualifications.form.awardingBodyEn')}
          values={values}
          errors={errors}
          required
        />
        <fieldset>
          <legend>{t('qualifications.form.firstOutcome')}</legend>
          <OutcomeFields page={page} values={values} errors={errors} />
        </fieldset>
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

qualificationRoutes.get('/qualifications/new', async (c) => {
  const page = pageContext(c);
  if (!canOnCatalogue(page.viewer!, 'manage')) throw new AppError('not_found');
  return render(c, <CreatePage page={page} values={{}} />);
});

/** Runs a catalogue change; a field problem found by the service re-renders the form with 400. */
async function withFieldErrors(rerender: (errors: FormErrors) => Promise<Response>, change: () => Promise<unknown>) {
  try {
    await change();
    return null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return rerender(error.fields as FormErrors);
    throw error;
  }
}

qualificationRoutes.post('/qualifications/new', async (c) => {
  const page = pageContext(c);
  if (!canOnCatalogue(page.viewer!, 'manage')) throw new AppError('not_found');
  const form = await parseForm(c, qualificationFormSchema);
  const again = (errors: FormErrors) => render(c, <CreatePage page={page} values={form.values} errors={errors} />, 400);
  if (!form.isValid) return again(form.errors);
  const refused = await withFieldErrors(again, () => service.createQualification(c.get('deps').db, actorOf(c), form.data));
  return refused ?? c.redirect(`/qualifications/${form.data.slug}?notice=qualifications.created`, 303);
});

qualificationRoutes.post('/qualifications/:slug/outcomes', async (c) => {
  const form = await parseForm(c, outcomeFormSchema);
  const again = (errors: FormErrors) => renderDetail(c, form.values, errors);
  if (!form.isValid) return again(form.errors);
  const refused = await withFieldErrors(again, () => service.addOutcome(c.get('deps').db, actorOf(c), c.req.param('slug'), form.data));
  return refused ?? c.redirect(`/qualifications/${c.req.param('slug')}?notice=qualifications.outcomeAdded`, 303);
});

qualificationRoutes.get('/qualifications/:slug', (c) => renderDetail(c, {}));

async function renderDetail(c: AppContext, values: FormValues, errors?: FormErrors) {
  const page = pageContext(c);
  const { t, language } = page;
  const actor = actorOf(c);
  const { qualification, units } = await service.qualificationFor(c.get('deps').db, actor, c.req.param('slug')!);
  return render(
    c,
    <Layout page={page} title={catalogueText(qualification.title, language)}>
      <p class="breadcrumb">
        <a href="/qualifications">{t('qualifications.title')}</a>
      </p>
      <h1>{catalogueText(qualification.title, language)}</h1>
      <dl class="facts">
        <dt>{t('qualifications.eqfLevel')}</dt>
        <dd>{qualification.eqfLevel}</dd>
        <dt>{t('qualifications.nationalCode')}</dt>
        <dd>{qualification.nationalCode ?? '—'}</dd>
        <dt>{t('qualifications.awardingBody')}</dt>
        <dd>{catalogueText(qualification.awardingBody, language)}</dd>
      </dl>
      {units.map((unit) => (
        <section class="panel" aria-labelledby={`unit-${unit.position}`}>
          <h2 id={`unit-${unit.position}`}>
            {unit.code} — {catalogueText(unit.title, language)}
          </h2>
          <ul>
            {unit.outcomes.map((outcome) => (
              <li>
                <strong>{t(`qualifications.kind.${outcome.kind}`)}</strong> — {catalogueText(outcome.text, language)}
                {outcome.criteria.length > 0 && (
                  <ul>
                    {outcome.criteria.map((criterion) => (
                      <li>{catalogueText(criterion, language)}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {qualification.sources.length > 0 && (
        <section class="panel" aria-labelledby="sources">
          <h2 id="sources">{t('qualifications.sources')}</h2>
          <ul>
            {qualification.sources.map((source) => (
              <li>
                <a href={source.url}>{source.title}</a> — {source.publisher} ({source.checked})
              </li>
            ))}
          </ul>
        </section>
      )}
      {service.canEditQualification(actor, qualification) && (
        <section class="panel" aria-labelledby="add-outcome">
          <h2 id="add-outcome">{t('qualifications.addOutcome')}</h2>
          <form method="post" action={`/qualifications/${qualification.slug}/outcomes`} novalidate>
            <CsrfField page={page} />
            <ErrorSummary page={page} errors={errors} />
            <OutcomeFields page={page} values={values} errors={errors} />
            <button type="submit">{t('common.add')}</button>
          </form>
        </section>
      )}
    </Layout>,
    errors ? 400 : 200,
  );
}
