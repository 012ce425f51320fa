import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate } from '../../shared/format.js';
import { clientAddress, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { AgreementView } from './agreement-view.js';
import { signingFormSchema } from './agreements.schema.js';
import * as service from './agreements.service.js';
import { checkUploadedDocument, documentByCode } from './documents.service.js';

/** Public pages reached from a link or a QR code: no account, every page works without JavaScript. */
export const signingRoutes = new Hono<AppEnv>();

function GonePage({ page, reason }: { page: PageContext; reason: service.GoneReason }) {
  return (
    <Layout page={page} title={page.t('signing.gone.title')}>
      <div class="narrow">
        <h1>{page.t('signing.gone.title')}</h1>
        <p>{page.t(`signing.gone.${reason}`)}</p>
        <p>{page.t('signing.gone.whatNow')}</p>
      </div>
    </Layout>
  );
}

type LinkRecord = Extract<service.SigningLink, { isUsable: true }>['found'];

function SigningPage({ page, found, values, errors }: { page: PageContext; found: LinkRecord; values: FormValues; errors?: FormErrors }) {
  const { t } = page;
  const { signature, version } = found;
  return (
    <Layout page={page} title={t('signing.title')}>
      <h1>{t('signing.title')}</h1>
      <p class="lead">
        {t('signing.intro', {
          name: signature.signerName,
          role: t(`signing.role.${signature.role}`),
          learner: version.content.learner.name,
        })}
      </p>
      <AgreementView page={page} content={version.content} />
      <section class="panel" aria-labelledby="sign-heading">
        <h2 id="sign-heading">{t('signing.form.heading')}</h2>
        <p>
          {t('signing.view.hash')}: <code class="token">{version.contentHash}</code>
        </p>
        <form method="post" novalidate>
          <CsrfField page={page} />
          <ErrorSummary page={page} errors={errors} />
          <div class={errors?.['consent'] ? 'field field-error' : 'field'} id="field-consent">
            {errors?.['consent'] && <p class="error-message">{t(errors['consent'])}</p>}
            <div class="checkbox">
              <input type="checkbox" id="consent" name="consent" value="yes" checked={values['consent'] === 'yes'} />
              <label for="consent">{t('signing.form.consent')}</label>
            </div>
          </div>
          <TextField
            page={page}
            name="typedName"
            label={t('signing.form.typedName')}
            hint={t('signing.form.typedNameHint', { name: signature.signerName })}
            values={values}
            errors={errors}
            autocomplete="name"
            required
          />
          <button type="submit">{t('signing.form.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

const gone = (c: AppContext, reason: service.GoneReason) => render(c, <GonePage page={pageContext(c)} reason={reason} />, 410);

signingRoutes.get('/sign/:token', async (c) => {
  const deps = c.get('deps');
  const link = await service.signingLinkFor(deps.db, c.req.param('token'), deps.now());
  if (!link.isUsable) return gone(c, link.reason);
  await service.auditLinkView(deps.db, link.found, c.get('requestId'));
  c.header('Referrer-Policy', 'no-referrer');
  return render(c, <SigningPage page={pageContext(c)} found={link.found} values={{}} />);
});

signingRoutes.post('/sign/:token', async (c) => {
  const deps = c.get('deps');
  const token = c.req.param('token');
  const form = await parseForm(c, signingFormSchema);
  if (!form.isValid) {
    const link = await service.signingLinkFor(deps.db, token, deps.now());
    if (!link.isUsable) return gone(c, link.reason);
    return render(c, <SigningPage page={pageContext(c)} found={link.found} values={form.values} errors={form.errors} />, 400);
  }
  const result = await service.signByLink(deps.db, token, {
    typedName: form.data.typedName,
    ipAddress: clientAddress(c),
    userAgent: c.req.header('user-agent') ?? '',
    requestId: c.get('requestId'),
    now: deps.now(),
  });
  if (!result.isUsable) return gone(c, result.reason);
  const page = pageContext(c);
  return render(
    c,
    <Layout page={page} title={page.t('signing.done.title')}>
      <div class="narrow">
        <h1>{page.t('signing.done.title')}</h1>
        <p role="status">{page.t('signing.done.text', { hash: result.found.version.contentHash })}</p>
      </div>
    </Layout>,
  );
});

/** Uploaded copies to check: a PDF of a few pages; anything larger is not one of ours. */
export const maximumVerifiedBytes = 5 * 1024 * 1024;

type Verified = NonNullable<Awaited<ReturnType<typeof documentByCode>>>;
type UploadCheck = { isIdentical: boolean; uploadedHash: string };

function VerificationPage({ page, document, check }: { page: PageContext; document: Verified; check?: UploadCheck }) {
  const { t, language } = page;
  return (
    <Layout page={page} title={t('signing.verify.title')}>
      <h1>{t('signing.verify.title')}</h1>
      <p class="notice" role="status">
        {document.isRevoked ? t('signing.verify.revoked') : t('signing.verify.authentic')}
      </p>
      {check && (
        <p class={check.isIdentical ? 'notice' : 'error-summary'} role="alert">
          {check.isIdentical ? t('signing.verify.fileMatches') : t('signing.verify.fileDiffers', { hash: check.uploadedHash })}
        </p>
      )}
      <dl class="facts">
        <dt>{t('signing.pdf.code')}</dt>
        <dd>{document.code}</dd>
        <dt>{t('signing.verify.kind')}</dt>
        <dd>{t(`signing.document.${document.kind}`)}</dd>
        <dt>{t('signing.verify.issuer')}</dt>
        <dd>{document.issuerName}</dd>
        <dt>{t('signing.verify.issuedOn')}</dt>
        <dd>{formatDate(language, document.issuedOn)}</dd>
        {document.version !== null && (
          <>
            <dt>{t('signing.verify.version')}</dt>
            <dd>{document.version}</dd>
          </>
        )}
        <dt>{t('signing.view.hash')}</dt>
        <dd>
          <code class="token">{document.recordHash}</code>
        </dd>
        <dt>{t('signing.verify.fileHash')}</dt>
        <dd>
          <code class="token">{document.fileHash}</code>
        </dd>
      </dl>
      <section class="panel" aria-labelledby="check-file">
        <h2 id="check-file">{t('signing.verify.checkFile')}</h2>
        <form method="post" enctype="multipart/form-data">
          <CsrfField page={page} />
          <div class="field">
            <label for="field-file">{t('signing.verify.file')}</label>
            <input id="field-file" name="file" type="file" required accept="application/pdf,.pdf" />
          </div>
          <button type="submit">{t('signing.verify.check')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** Codes of course certificates are answered by the learning routes, registered after these. */
signingRoutes.get('/verify/:code', async (c, next) => {
  const document = await documentByCode(c.get('deps').db, c.req.param('code'));
  if (!document) return next();
  return render(c, <VerificationPage page={pageContext(c)} document={document} />);
});

signingRoutes.post('/verify/:code', async (c) => {
  const body = await c.req.parseBody();
  const file = body['file'];
  if (!(file instanceof File) || file.size === 0) throw new AppError('invalid_input');
  if (file.size > maximumVerifiedBytes) throw new AppError('payload_too_large');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isPdf = Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
  const { document, uploadedHash, isIdentical } = await checkUploadedDocument(c.get('deps').db, c.req.param('code'), bytes);
  const check = { uploadedHash, isIdentical: isPdf && isIdentical };
  return render(c, <VerificationPage page={pageContext(c)} document={document} check={check} />, check.isIdentical ? 200 : 400);
});
