import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, FileField, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatNumber } from '../../shared/format.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { readForm, render, validateForm } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { pick } from './completion.js';
import { groupChoice } from './learning-trainer.routes.js';
import { bankExportQuery, bankImportConfirmSchema, bankImportSchema } from './learning.schema.js';
import { bankFor, exportBank, importBank, listBanks, maximumQuestionFileBytes, previewQuestionFile, readQuestionFile, type QuestionFile } from './question-banks.service.js';
import { questionFileFormats } from './questions/interchange.js';
import * as repository from './learning.repository.js';

/** Trainers' question banks: list, import with a preview, export. Staff pages: French and English. */
export const questionBankRoutes = new Hono<AppEnv>();
questionBankRoutes.use('/learn/banks', requireViewer, staffLanguage);
questionBankRoutes.use('/learn/banks/*', requireViewer, staffLanguage);

const languageOptions = languages.map((code) => ({ value: code, label: languageNames[code] }));

async function BankListPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t, language } = page;
  const banks = await listBanks(c.get('deps').db, page.viewer!);
  // The organisations whose banks this trainer keeps, as on the gradebook's group picker.
  const { options, chosen } = await groupChoice(c.get('deps').db, page.viewer!, 'viewGradebook', values?.['organisationId']);
  return (
    <Layout page={page} title={t('banks.title')}>
      <h1>{t('banks.title')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('banks.bank')}</th>
            <th scope="col">{t('banks.owner')}</th>
            <th scope="col">{t('banks.questions')}</th>
          </tr>
        </thead>
        <tbody>
          {banks.map((bank) => (
            <tr>
              <td>
                <a href={`/learn/banks/${bank.id}`}>{bank.title ?? bank.slug}</a>
              </td>
              <td>{bank.organisationName ?? (bank.courseTitle ? pick(bank.courseTitle, language).text : '—')}</td>
              <td>{formatNumber(language, bank.questionCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Section title={t('banks.import')} id="import">
        <p>{t('banks.importIntro')}</p>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action="/learn/banks/preview" enctype="multipart/form-data" novalidate>
          <CsrfField page={page} />
          <SelectField page={page} name="organisationId" label={t('banks.organisation')} values={values ?? { organisationId: chosen }} errors={errors} options={options} required />
          <TextField page={page} name="title" label={t('banks.bankTitle')} values={values ?? {}} errors={errors} required maxlength={200} />
          <SelectField page={page} name="language" label={t('banks.language')} values={values ?? { language }} errors={errors} options={languageOptions} required />
          <FileField page={page} name="file" label={t('banks.file')} hint={t('banks.fileHint', { size: formatNumber(language, maximumQuestionFileBytes / 1024) })} accept=".gift,.txt,.xml" errors={errors} />
          <button type="submit">{t('banks.preview')}</button>
        </form>
      </Section>
    </Layout>
  );
}

function PreviewPage({ page, file, fields }: { page: PageContext; file: QuestionFile; fields: { organisationId: string; title: string; language: string } }) {
  const { t, language } = page;
  const result = previewQuestionFile(file);
  const isImportable = result.errors.length === 0 && result.questions.length > 0;
  return (
    <Layout page={page} title={t('banks.previewTitle')}>
      <p class="breadcrumb">
        <a href="/learn/banks">{t('banks.title')}</a>
      </p>
      <h1>{t('banks.previewTitle')}</h1>
      <p>
        {t('banks.previewSummary', { file: file.name, format: t(`banks.format.${result.format}`), questions: formatNumber(language, result.questions.length), errors: formatNumber(language, result.errors.length) })}
      </p>
      {result.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>{t('banks.errorsTitle')}</h2>
          <p>{t('banks.nothingImported')}</p>
          <ul>
            {result.errors.map((error) => (
              <li>{t('banks.errorLine', { line: error.line, message: error.message })}</li>
            ))}
          </ul>
        </div>
      )}
      {result.questions.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('banks.questionType')}</th>
              <th scope="col">{t('banks.category')}</th>
              <th scope="col">{t('banks.questionText')}</th>
            </tr>
          </thead>
          <tbody>
            {result.questions.map((question, index) => (
              <tr>
                <td>{index + 1}</td>
                <td>{t(`banks.type.${question.type}`)}</td>
                <td>{question.category || '—'}</td>
                <td>{question.text.length > 140 ? `${question.text.slice(0, 140)}…` : question.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isImportable ? (
        <form method="post" action="/learn/banks">
          <CsrfField page={page} />
          <input type="hidden" name="organisationId" value={fields.organisationId} />
          <input type="hidden" name="title" value={fields.title} />
          <input type="hidden" name="language" value={fields.language} />
          <input type="hidden" name="fileName" value={file.name} />
          <input type="hidden" name="source" value={file.source} />
          <button type="submit">{t('banks.confirm', { count: formatNumber(language, result.questions.length) })}</button>
        </form>
      ) : (
        <p>
          <a href="/learn/banks#import">{t('banks.tryAgain')}</a>
        </p>
      )}
    </Layout>
  );
}

questionBankRoutes.get('/learn/banks', (c) => render(c, <BankListPage c={c} />));

questionBankRoutes.post('/learn/banks/preview', async (c) => {
  const raw = await readForm(c);
  const form = validateForm(bankImportSchema, raw);
  const upload = (await c.req.parseBody())['file'];
  if (!(upload instanceof File) || upload.size === 0) {
    return render(c, <BankListPage c={c} values={form.values} errors={{ ...(form.isValid ? {} : form.errors), file: 'banks.fileMissing' }} />, 400);
  }
  if (!form.isValid) return render(c, <BankListPage c={c} values={form.values} errors={form.errors} />, 400);
  let file: QuestionFile;
  try {
    file = await readQuestionFile(upload);
  } catch (error) {
    if (error instanceof AppError && error.fields['file']) {
      return render(c, <BankListPage c={c} values={form.values} errors={{ file: error.fields['file'] as FormErrors[string] }} />, error.code === 'payload_too_large' ? 413 : 400);
    }
    throw error;
  }
  const hasErrors = previewQuestionFile(file).errors.length > 0;
  return render(c, <PreviewPage page={pageContext(c)} file={file} fields={form.data} />, hasErrors ? 400 : 200);
});

questionBankRoutes.post('/learn/banks', async (c) => {
  const form = validateForm(bankImportConfirmSchema, await readForm(c));
  if (!form.isValid) throw new AppError('invalid_input');
  const { fileName, source, ...fields } = form.data;
  const bank = await importBank(c.get('deps').db, actorOf(c), { ...fields, file: { name: fileName, source } });
  return c.redirect(`/learn/banks/${bank.id}`, 303);
});

questionBankRoutes.get('/learn/banks/:id', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const { bank, languages: bankLanguages } = await bankFor(c.get('deps').db, page.viewer!, c.req.param('id'));
  const shown = bankLanguages.includes(language) ? language : bankLanguages[0];
  const rows = shown ? await repository.listBankQuestions(c.get('deps').db, bank.id, shown) : [];
  return render(
    c,
    <Layout page={page} title={bank.title ?? bank.slug}>
      <p class="breadcrumb">
        <a href="/learn/banks">{t('banks.title')}</a>
      </p>
      <h1>{bank.title ?? bank.slug}</h1>
      <Section title={t('banks.export')} id="export">
        <ul class="plain-list">
          {bankLanguages.map((code) => (
            <li>
              {languageNames[code as keyof typeof languageNames] ?? code}:{' '}
              <a href={`/learn/banks/${bank.id}/export?format=gift&language=${code}`}>GIFT</a> ·{' '}
              <a href={`/learn/banks/${bank.id}/export?format=moodle_xml&language=${code}`}>Moodle XML</a>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('banks.questions')} id="questions">
        <ol>
          {rows.map((row) => (
            <li>
              <strong>{t(`banks.type.${row.definition.type}`)}</strong> — {row.definition.text}
            </li>
          ))}
        </ol>
      </Section>
    </Layout>,
  );
});

questionBankRoutes.get('/learn/banks/:id/export', async (c) => {
  const query = bankExportQuery.parse(c.req.query());
  const language = query.language ?? 'fr';
  const { bank, text } = await exportBank(c.get('deps').db, c.get('viewer')!, c.req.param('id'), query.format, language);
  const { extension, mediaType } = questionFileFormats[query.format];
  const name = `${(bank.title ?? bank.slug).replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${language}.${extension}`;
  return c.body(text, 200, { 'Content-Type': mediaType, 'Content-Disposition': `attachment; filename="${name}"` });
});
