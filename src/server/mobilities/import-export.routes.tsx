import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, PostButton, Section, SelectField } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { formatDate } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { projectFor } from './projects.service.js';
import { commitImport, maximumImportBytes, previewImport, storedPreview, type ImportPreview } from './import.service.js';
import { auditExport, exportReport } from './export.service.js';
import { writeBeneficiaryModuleCsv, writeBeneficiaryModuleXlsx, writePreValidationReportCsv } from './spreadsheets/beneficiary-module.js';

export const importExportRoutes = new Hono<AppEnv>();
importExportRoutes.use('/projects/:id/import', requireViewer, staffLanguage);
importExportRoutes.use('/projects/:id/import/*', requireViewer, staffLanguage);
importExportRoutes.use('/projects/:id/export/*', requireViewer, staffLanguage);

async function UploadPage({ c, problem }: { c: AppContext; problem?: string }) {
  const page = pageContext(c);
  const { t } = page;
  const found = await projectFor(c.get('deps').db, c.get('viewer')!, c.req.param('id')!);
  if (found.managedSending.length === 0) throw new AppError('not_found');
  return (
    <Layout page={page} title={t('imports.title')}>
      <p class="breadcrumb">
        <a href={`/projects/${found.project.id}`}>{found.project.title}</a>
      </p>
      <h1>{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      {problem && (
        <p class="error-summary" role="alert">
          {problem}
        </p>
      )}
      <form method="post" action={`/projects/${found.project.id}/import`} enctype="multipart/form-data">
        <CsrfField page={page} />
        <SelectField page={page} name="sendingOrganisationId" label={t('mobilities.sending')} required values={{}} options={found.managedSending.map((organisation) => ({ value: organisation.id, label: organisation.legalName }))} />
        <div class="field">
          <label for="field-file">{t('imports.file')}</label>
          <p class="hint" id="hint-file">
            {t('imports.fileHint')}
          </p>
          <input id="field-file" name="file" type="file" required accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="hint-file" />
        </div>
        <button type="submit">{t('imports.preview')}</button>
      </form>
    </Layout>
  );
}

function PreviewPage({ c, preview, projectId }: { c: AppContext; preview: ImportPreview; projectId: string }) {
  const page = pageContext(c);
  const { t, language } = page;
  const { result } = preview;
  const messageLanguage = language === 'fr' ? 'fr' : 'en';
  const hasErrors = Boolean(preview.readError) || result.errors.length > 0;
  return (
    <Layout page={page} title={t('imports.previewTitle')}>
      <p class="breadcrumb">
        <a href={`/projects/${projectId}`}>{t('projects.title')}</a>
      </p>
      <h1>{t('imports.previewTitle')}</h1>
      <p>
        {preview.fileName} — {t('imports.rowCount', { count: result.rowCount })}
      </p>
      {hasErrors ? (
        <div class="error-summary" role="alert">
          <h2>{t('imports.errorsTitle', { count: preview.readError ? 1 : result.errors.length })}</h2>
          <p>{t('imports.nothingWritten')}</p>
          {preview.readError && <p>{t(`imports.read.${preview.readError as 'empty' | 'unreadable' | 'too_many_rows'}`)}</p>}
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="visually-hidden">{t('imports.errorsTitle', { count: result.errors.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.line')}</th>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((error) => (
                  <tr>
                    <td>{error.line}</td>
                    <td>{error.column ?? error.field}</td>
                    <td>{error.message[messageLanguage]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href={`/projects/${projectId}/import`}>{t('imports.again')}</a>
          </p>
        </div>
      ) : (
        <Section title={t('imports.ready', { count: result.records.length })}>
          <PostButton page={page} action={`/projects/${projectId}/import/${preview.importId}/commit`} label={t('imports.commit', { count: result.records.length })} />
        </Section>
      )}
      {result.records.length > 0 && (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>{t('imports.rowsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.line')}</th>
                <th scope="col">{t('mobilities.participant')}</th>
                <th scope="col">{t('people.birthDate')}</th>
                <th scope="col">{t('mobilities.host')}</th>
                <th scope="col">{t('mobilities.dates')}</th>
              </tr>
            </thead>
            <tbody>
              {result.records.slice(0, 200).map((record) => (
                <tr>
                  <td>{record.line}</td>
                  <td>
                    {record.learner.familyName} {record.learner.givenName}
                    {record.learner.isMinorAtDeparture && <span class="badge"> {t('people.minor')}</span>}
                  </td>
                  <td>{formatDate(language, record.learner.birthDate)}</td>
                  <td>{[record.mobility.hostOrganisationName, record.mobility.hostCity, record.mobility.hostCountryCode].filter(Boolean).join(', ')}</td>
                  <td>
                    {formatDate(language, record.mobility.startDate)} – {formatDate(language, record.mobility.endDate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

importExportRoutes.get('/projects/:id/import', (c) => render(c, <UploadPage c={c} />));

importExportRoutes.post('/projects/:id/import', async (c) => {
  const body = await c.req.parseBody();
  const file = body['file'];
  const sendingOrganisationId = typeof body['sendingOrganisationId'] === 'string' ? body['sendingOrganisationId'] : '';
  if (!(file instanceof File) || file.size === 0 || !/^[0-9a-f-]{36}$/i.test(sendingOrganisationId)) {
    return render(c, <UploadPage c={c} problem={c.get('t')('imports.noFile')} />, 400);
  }
  if (file.size > maximumImportBytes) throw new AppError('payload_too_large');
  const preview = await previewImport(c.get('deps').db, actorOf(c), c.req.param('id'), sendingOrganisationId, file.name, new Uint8Array(await file.arrayBuffer()));
  const hasErrors = Boolean(preview.readError) || preview.result.errors.length > 0;
  return render(c, <PreviewPage c={c} preview={preview} projectId={c.req.param('id')} />, hasErrors ? 400 : 200);
});

importExportRoutes.get('/projects/:id/import/:importId', async (c) => {
  const preview = await storedPreview(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('importId'));
  return render(c, <PreviewPage c={c} preview={preview} projectId={c.req.param('id')} />);
});

importExportRoutes.post('/projects/:id/import/:importId/commit', async (c) => {
  const result = await commitImport(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('importId'));
  const notice = result.updated > 0 ? 'imports.doneWithUpdates' : 'imports.done';
  return c.redirect(`/mobilities?project=${c.req.param('id')}&notice=${notice}`, 303);
});

function download(c: AppContext, body: string | Uint8Array, type: string, fileName: string) {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

/** The BM file is refused (409, with the report) while any blocking error remains; warnings do not block. */
importExportRoutes.get('/projects/:id/export/:file', async (c) => {
  const file = c.req.param('file');
  const db = c.get('deps').db;
  const actor = actorOf(c);
  const { rows, report, hasErrors } = await exportReport(db, actor, c.req.param('id'));
  const language = c.get('language') === 'fr' ? 'fr' : 'en';
  const code = rows[0]?.projectCode ?? 'project';
  if (file === 'pre-validation.csv') return download(c, writePreValidationReportCsv(report, language), 'text/csv; charset=utf-8', `${code}-pre-validation.csv`);
  if (file !== 'beneficiary-module.csv' && file !== 'beneficiary-module.xlsx') throw new AppError('not_found');
  if (hasErrors) {
    const page = pageContext(c);
    const { t } = page;
    return render(
      c,
      <Layout page={page} title={t('exports.blockedTitle')}>
        <h1>{t('exports.blockedTitle')}</h1>
        <p>{t('exports.blocked', { count: report.filter((line) => line.violation.severity === 'error').length })}</p>
        <ul class="missing-list">
          {report
            .filter((line) => line.violation.severity === 'error')
            .slice(0, 200)
            .map((line) => (
              <li>
                <code>{line.mobilityActivityId}</code> {line.participant} — {line.violation.message[language]}
              </li>
            ))}
        </ul>
        <p>
          <a href={`/projects/${c.req.param('id')}/export/pre-validation.csv`}>{t('exports.report')}</a>
        </p>
      </Layout>,
      409,
    );
  }
  await auditExport(db, actor, c.req.param('id'), file, rows.length);
  if (file === 'beneficiary-module.csv') return download(c, writeBeneficiaryModuleCsv(rows), 'text/csv; charset=utf-8', `${code}-beneficiary-module.csv`);
  return download(c, await writeBeneficiaryModuleXlsx(rows, language), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${code}-beneficiary-module.xlsx`);
});
