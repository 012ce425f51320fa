import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { PostButton, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { formatDateTime } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { readForm, render, validateForm } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { AgreementView } from './agreement-view.js';
import { AgreementFormView, valuesFromContent } from './agreement-form.js';
import { agreementFormSchema } from './agreements.schema.js';
import { catalogueFor, qualificationFor } from './qualifications.service.js';
import { issueAgreementPdf } from './documents.service.js';
import { learningActivityCredential } from './elm-credential.js';
import * as service from './agreements.service.js';

export const agreementRoutes = new Hono<AppEnv>();
agreementRoutes.use('/mobilities/:id/agreement', requireViewer, staffLanguage);
agreementRoutes.use('/mobilities/:id/agreement/*', requireViewer, staffLanguage);

const mailSettings = (c: AppContext): service.MailSettings => ({
  baseUrl: c.get('deps').config.baseUrl,
  isDeliverable: Boolean(c.get('deps').config.smtpUrl),
});

agreementRoutes.get('/mobilities/:id/agreement', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const { view, agreement, versions, current, signatures } = await service.agreementFor(c.get('deps').db, actorOf(c), c.req.param('id'));
  const base = `/mobilities/${view.mobility.id}/agreement`;
  const learner = `${view.participant.givenName} ${view.participant.familyName}`;
  return render(
    c,
    <Layout page={page} title={t('agreements.title', { learner })}>
      <p class="breadcrumb">
        <a href={`/mobilities/${view.mobility.id}`}>{learner}</a>
      </p>
      <h1>{t('agreements.title', { learner })}</h1>
      {!agreement || !current ? (
        <>
          <p>{t('agreements.none')}</p>
          {view.canManage && (
            <p>
              <a class="button" href={`${base}/edit`}>
                {t('agreements.create')}
              </a>
            </p>
          )}
        </>
      ) : (
        <>
          <dl class="facts">
            <dt>{t('agreements.status')}</dt>
            <dd>
              <span class="badge">{t(`agreements.state.${agreement.status}`)}</span>
            </dd>
            <dt>{t('agreements.version')}</dt>
            <dd>{current.version}</dd>
            <dt>{t('signing.view.hash')}</dt>
            <dd>
              <code class="token">{current.contentHash}</code>
            </dd>
          </dl>
          {view.canManage && (
            <p class="transition-list">
              {agreement.status !== 'sent_for_signature' && agreement.status !== 'closed' && (
                <a class="button-small" href={`${base}/edit`}>
                  {agreement.status === 'signed' ? t('agreements.amend') : t('common.edit')}
                </a>
              )}
              {(agreement.status === 'draft' || agreement.status === 'amended') && (
                <PostButton page={page} action={`${base}/send`} label={t('agreements.send')} />
              )}
              {current.signedAt && (
                <>
                  <a class="button-small" href={`${base}/versions/${current.version}/pdf`}>
                    {t('agreements.pdf')}
                  </a>{' '}
                  <a class="button-small" href={`${base}/versions/${current.version}/credential.jsonld`}>
                    {t('agreements.credential')}
                  </a>
                </>
              )}
            </p>
          )}
          {signatures.length > 0 && (
            <section class="panel" aria-labelledby="signatures">
              <h2 id="signatures">{t('agreements.signatures')}</h2>
              <div class="table-wrap" tabindex={0}>
                <table>
                  <caption class="visually-hidden">{t('agreements.signatures')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('agreements.signer')}</th>
                      <th scope="col">{t('agreements.role')}</th>
                      <th scope="col">{t('agreements.signedAt')}</th>
                      <th scope="col">{t('common.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {signatures.map((signature) => (
                      <tr>
                        <td>{signature.signerName}</td>
                        <td>{t(`signing.role.${signature.role}`)}</td>
                        <td>{signature.signedAt ? formatDateTime(language, signature.signedAt) : t('agreements.notSigned')}</td>
                        <td>
                          {!signature.signedAt && agreement.status === 'sent_for_signature' && view.canManage && (
                            <PostButton
                              page={page}
                              action={`${base}/signatures/${signature.id}/resend`}
                              label={t('agreements.resend')}
                              quiet
                            />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <section class="panel" aria-labelledby="versions">
            <h2 id="versions">{t('agreements.versions')}</h2>
            <ul>
              {versions.map((version) => (
                <li>
                  <a href={`${base}/versions/${version.version}`}>{t('agreements.versionLabel', { version: version.version })}</a>
                  {version.signedAt && ` — ${t('agreements.signedOn', { date: formatDateTime(language, version.signedAt) })}`}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Layout>,
  );
});

async function renderForm(
  c: AppContext,
  options: { values: FormValues; outcomeKeys: string[]; recognition: string[]; errors?: FormErrors; status?: 200 | 400 },
) {
  const page = pageContext(c);
  const actor = actorOf(c);
  const db = c.get('deps').db;
  const { view, agreement } = await service.agreementFor(db, actor, c.req.param('id')!);
  if (!view.canManage) throw notFound();
  const slug = options.values['qualificationSlug'];
  const [qualifications, chosen] = await Promise.all([
    catalogueFor(db, actor),
    slug ? qualificationFor(db, actor, slug) : Promise.resolve(null),
  ]);
  const learner = `${view.participant.givenName} ${view.participant.familyName}`;
  return render(
    c,
    <Layout page={page} title={page.t('agreements.editTitle', { learner })}>
      <p class="breadcrumb">
        <a href={`/mobilities/${view.mobility.id}/agreement`}>{page.t('agreements.title', { learner })}</a>
      </p>
      <h1>{page.t('agreements.editTitle', { learner })}</h1>
      {agreement?.status === 'signed' && <p class="notice">{page.t('agreements.amendNotice')}</p>}
      <AgreementFormView
        page={page}
        action={`/mobilities/${view.mobility.id}/agreement`}
        baseVersion={agreement?.currentVersion ?? 0}
        values={options.values}
        outcomeKeys={options.outcomeKeys}
        recognition={options.recognition}
        errors={options.errors}
        qualifications={qualifications}
        units={chosen?.units ?? []}
      />
    </Layout>,
    options.status ?? 200,
  );
}

/** Starts from the current version, or from the mobility record and the signed-in coach as mentor. */
agreementRoutes.get('/mobilities/:id/agreement/edit', async (c) => {
  const { view, current } = await service.agreementFor(c.get('deps').db, actorOf(c), c.req.param('id'));
  const viewer = c.get('viewer')!;
  const chosenSlug = c.req.query('qualification');
  const saved = current ? valuesFromContent(current.content) : null;
  const values: FormValues = saved?.values ?? {
    startDate: view.mobility.startDate ?? '',
    endDate: view.mobility.endDate ?? '',
    hoursPerWeek: view.isMinor ? '35' : '',
    language: view.mobility.placementLanguage ?? '',
    cefrLevel: view.mobility.cefrLevel ?? '',
    mentorName: `${viewer.givenName} ${viewer.familyName}`,
    mentorEmail: viewer.email ?? '',
  };
  if (chosenSlug !== undefined) values['qualificationSlug'] = chosenSlug;
  return renderForm(c, { values, outcomeKeys: saved?.outcomeKeys ?? [], recognition: saved?.recognition ?? [] });
});

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

agreementRoutes.post('/mobilities/:id/agreement', async (c) => {
  const raw = await readForm(c);
  const form = validateForm(agreementFormSchema, raw);
  const again = (errors: FormErrors) =>
    renderForm(c, {
      values: form.values,
      outcomeKeys: asList(raw['outcomeKeys']),
      recognition: asList(raw['recognition']),
      errors,
      status: 400,
    });
  if (!form.isValid) return again(form.errors);
  try {
    await service.saveAgreement(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return again(error.fields as FormErrors);
    throw error;
  }
  return c.redirect(`/mobilities/${c.req.param('id')}/agreement?notice=agreements.saved`, 303);
});

agreementRoutes.post('/mobilities/:id/agreement/send', async (c) => {
  await service.sendForSignature(c.get('deps').db, actorOf(c), c.req.param('id'), mailSettings(c));
  return c.redirect(`/mobilities/${c.req.param('id')}/agreement?notice=agreements.sent`, 303);
});

agreementRoutes.post('/mobilities/:id/agreement/signatures/:signatureId/resend', async (c) => {
  await service.resendSignatureLink(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('signatureId'), mailSettings(c));
  return c.redirect(`/mobilities/${c.req.param('id')}/agreement?notice=agreements.resent`, 303);
});

async function versionOf(c: AppContext) {
  const found = await service.agreementFor(c.get('deps').db, actorOf(c), c.req.param('id')!);
  const number = Number(c.req.param('version'));
  const version = found.versions.find((candidate) => candidate.version === number);
  if (!version) throw notFound();
  return { ...found, version };
}

agreementRoutes.get('/mobilities/:id/agreement/versions/:version', async (c) => {
  const page = pageContext(c);
  const { view, version } = await versionOf(c);
  const learner = `${view.participant.givenName} ${view.participant.familyName}`;
  return render(
    c,
    <Layout page={page} title={page.t('agreements.versionLabel', { version: version.version })}>
      <p class="breadcrumb">
        <a href={`/mobilities/${view.mobility.id}/agreement`}>{page.t('agreements.title', { learner })}</a>
      </p>
      <h1>
        {page.t('agreements.title', { learner })} — {page.t('agreements.versionLabel', { version: version.version })}
      </h1>
      <p>
        {page.t('signing.view.hash')}: <code class="token">{version.contentHash}</code>
      </p>
      <AgreementView page={page} content={version.content} />
    </Layout>,
  );
});

agreementRoutes.get('/mobilities/:id/agreement/versions/:version/pdf', async (c) => {
  const { view, agreement, version } = await versionOf(c);
  if (!version.signedAt || !agreement) throw new AppError('conflict', 'agreements.pdfNotSigned');
  const document = await issueAgreementPdf(c.get('deps').db, {
    agreementId: agreement.id,
    mobilityId: view.mobility.id,
    version,
    language: c.get('language'),
    baseUrl: c.get('deps').config.baseUrl,
    now: c.get('deps').now(),
  });
  return c.body(new Uint8Array(document.file), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="learning-agreement-v${version.version}.pdf"`,
    'Cache-Control': 'no-store',
  });
});

/** The placement as a European Learning Model v3 JSON-LD credential, built from a signed version. */
agreementRoutes.get('/mobilities/:id/agreement/versions/:version/credential.jsonld', async (c) => {
  const { view, version } = await versionOf(c);
  if (!version.signedAt) throw new AppError('conflict', 'agreements.pdfNotSigned');
  const credential = learningActivityCredential({
    content: version.content,
    mobilityId: view.mobility.id,
    versionHash: version.contentHash,
    issuedAt: version.signedAt,
  });
  return c.body(JSON.stringify(credential, null, 2), 200, {
    'Content-Type': 'application/ld+json; charset=utf-8',
    'Content-Disposition': `attachment; filename="learning-activity-v${version.version}.jsonld"`,
    'Cache-Control': 'no-store',
  });
});
