import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';
import { formatDateTime } from '../../shared/format.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { recordAudit } from '../audit/audit.repository.js';
import { exportPersonalData } from '../privacy/personal-data.js';
import { randomToken, sha256 } from '../security/tokens.js';
import * as repository from './accounts.repository.js';
import { apiTokenSchema, changePasswordSchema, profileSchema } from './accounts.schema.js';
import { changePassword } from './accounts.service.js';

export const accountRoutes = new Hono<AppEnv>();
accountRoutes.use('/account', requireViewer);
accountRoutes.use('/account/*', requireViewer);

type AccountPageProps = {
  page: PageContext;
  profileValues?: FormValues;
  profileErrors?: FormErrors;
  passwordErrors?: FormErrors;
  newToken?: string;
  tokenErrors?: FormErrors;
};

async function AccountPage(props: AccountPageProps & { c: AppContext }) {
  const { page, c } = props;
  const { t, language } = page;
  const viewer = page.viewer!;
  const db = c.get('deps').db;
  const [person, sessionRows, tokens, hasPassword] = await Promise.all([
    repository.findPersonById(db, viewer.personId),
    repository.listSessionsOf(db, viewer.personId),
    repository.listApiTokensOf(db, viewer.personId),
    repository.getPasswordHash(db, viewer.personId).then(Boolean),
  ]);
  const profile = props.profileValues ?? {
    givenName: person!.givenName,
    familyName: person!.familyName,
    phone: person!.phone ?? '',
    preferredLanguage: person!.preferredLanguage,
  };
  const currentSessionId = c.get('sessionId');
  return (
    <Layout page={page} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <Section title={t('account.profile.title')} id="profile">
        <p>
          {t('account.profile.email')}: <strong>{person!.email ?? '—'}</strong>
        </p>
        <ErrorSummary page={page} errors={props.profileErrors} />
        <form method="post" action="/account/profile" novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="givenName" label={t('account.profile.givenName')} autocomplete="given-name" required values={profile} errors={props.profileErrors} />
          <TextField page={page} name="familyName" label={t('account.profile.familyName')} autocomplete="family-name" required values={profile} errors={props.profileErrors} />
          <TextField page={page} name="phone" type="tel" label={t('account.profile.phone')} autocomplete="tel" values={profile} errors={props.profileErrors} />
          <SelectField page={page} name="preferredLanguage" label={t('account.profile.language')} required values={profile} errors={props.profileErrors} options={languages.map((code) => ({ value: code, label: languageNames[code] }))} />
          <button type="submit">{t('common.save')}</button>
        </form>
      </Section>
      <Section title={t('account.password.title')} id="password">
        <ErrorSummary page={page} errors={props.passwordErrors} />
        <form method="post" action="/account/password" novalidate>
          <CsrfField page={page} />
          {hasPassword && (
            <TextField page={page} name="currentPassword" type="password" label={t('account.password.current')} autocomplete="current-password" required errors={props.passwordErrors} />
          )}
          <TextField page={page} name="password" type="password" label={t('auth.field.newPassword')} hint={t('common.validation.passwordLength')} autocomplete="new-password" required errors={props.passwordErrors} />
          <TextField page={page} name="confirmation" type="password" label={t('auth.field.confirmation')} autocomplete="new-password" required errors={props.passwordErrors} />
          <button type="submit">{hasPassword ? t('account.password.change') : t('account.password.set')}</button>
        </form>
      </Section>
      <Section title={t('account.sessions.title')} id="sessions">
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('account.sessions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.sessions.started')}</th>
                <th scope="col">{t('account.sessions.lastSeen')}</th>
                <th scope="col">{t('account.sessions.device')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessionRows.map((session) => (
                <tr>
                  <td>{formatDateTime(language, session.createdAt)}</td>
                  <td>{formatDateTime(language, session.lastSeenAt)}</td>
                  <td>
                    {session.userAgent?.slice(0, 80) ?? '—'} · {session.ipAddress ?? ''}
                  </td>
                  <td>
                    {session.id === currentSessionId ? (
                      <span class="badge">{t('account.sessions.current')}</span>
                    ) : (
                      <PostButton page={page} action={`/account/sessions/${session.id}/revoke`} label={t('account.sessions.revoke')} quiet />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t('account.tokens.title')} id="tokens">
        <p>{t('account.tokens.intro')}</p>
        {props.newToken && (
          <div class="notice" role="status">
            <p>{t('account.tokens.shownOnce')}</p>
            <p>
              <code class="token">{props.newToken}</code>
            </p>
          </div>
        )}
        {tokens.length > 0 && (
          <ul class="plain-list">
            {tokens.map((token) => (
              <li>
                <strong>{token.name}</strong> · {t('account.tokens.created')} {formatDateTime(language, token.createdAt)}{' '}
                <PostButton page={page} action={`/account/tokens/${token.id}/revoke`} label={t('account.tokens.revoke')} quiet />
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary page={page} errors={props.tokenErrors} />
        <form method="post" action="/account/tokens" novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="name" label={t('account.tokens.name')} required errors={props.tokenErrors} />
          <button type="submit">{t('account.tokens.create')}</button>
        </form>
      </Section>
      <Section title={t('account.data.title')} id="data">
        <p>{t('account.data.intro')}</p>
        <p>
          <a class="button" href="/account/data.json" download="passerelle-my-data.json">
            {t('account.data.download')}
          </a>
        </p>
      </Section>
    </Layout>
  );
}

const showAccount = (c: AppContext, props: Omit<AccountPageProps, 'page'> = {}, status: 200 | 400 = 200) =>
  render(c, <AccountPage c={c} page={pageContext(c)} {...props} />, status);

accountRoutes.get('/account', (c) => showAccount(c));

accountRoutes.post('/account/profile', async (c) => {
  const form = await parseForm(c, profileSchema);
  if (!form.isValid) return showAccount(c, { profileValues: form.values, profileErrors: form.errors }, 400);
  const deps = c.get('deps');
  const viewer = c.get('viewer')!;
  await deps.db.transaction(async (tx) => {
    await repository.updatePerson(tx, viewer.personId, { ...form.data, updatedAt: deps.now() });
    await recordAudit(tx, { actorId: viewer.personId, action: 'person.profile_updated', entityType: 'person', entityId: viewer.personId, requestId: c.get('requestId') });
  });
  return c.redirect(`/account?notice=account.profile.saved&lang=${form.data.preferredLanguage}`, 303);
});

accountRoutes.post('/account/password', async (c) => {
  const form = await parseForm(c, changePasswordSchema);
  if (!form.isValid) return showAccount(c, { passwordErrors: form.errors }, 400);
  const viewer = c.get('viewer')!;
  try {
    await changePassword(c.get('deps'), viewer.personId, form.data.currentPassword, form.data.password, c.get('sessionId'), c.get('requestId'));
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') {
      return showAccount(c, { passwordErrors: { currentPassword: 'account.password.wrongCurrent' } }, 400);
    }
    throw error;
  }
  return c.redirect('/account?notice=account.password.changed', 303);
});

accountRoutes.post('/account/sessions/:id/revoke', async (c) => {
  const deps = c.get('deps');
  const viewer = c.get('viewer')!;
  await deps.db.transaction(async (tx) => {
    const removed = await repository.deleteSessionOf(tx, viewer.personId, c.req.param('id'));
    if (removed.length === 0) throw new AppError('not_found');
    await recordAudit(tx, { actorId: viewer.personId, action: 'session.revoked', entityType: 'person', entityId: viewer.personId, requestId: c.get('requestId') });
  });
  return c.redirect('/account?notice=account.sessions.revoked#sessions', 303);
});

accountRoutes.post('/account/tokens', async (c) => {
  const form = await parseForm(c, apiTokenSchema);
  if (!form.isValid) return showAccount(c, { tokenErrors: form.errors }, 400);
  const deps = c.get('deps');
  const viewer = c.get('viewer')!;
  const token = `psl_${randomToken()}`;
  await deps.db.transaction(async (tx) => {
    const created = await repository.insertApiToken(tx, { personId: viewer.personId, name: form.data.name, tokenHash: sha256(token) });
    await recordAudit(tx, { actorId: viewer.personId, action: 'api_token.created', entityType: 'api_token', entityId: created.id, requestId: c.get('requestId') });
  });
  return showAccount(c, { newToken: token });
});

accountRoutes.post('/account/tokens/:id/revoke', async (c) => {
  const deps = c.get('deps');
  const viewer = c.get('viewer')!;
  await deps.db.transaction(async (tx) => {
    const revoked = await repository.revokeApiTokenOf(tx, viewer.personId, c.req.param('id'), deps.now());
    if (revoked.length === 0) throw new AppError('not_found');
    await recordAudit(tx, { actorId: viewer.personId, action: 'api_token.revoked', entityType: 'api_token', entityId: c.req.param('id'), requestId: c.get('requestId') });
  });
  return c.redirect('/account?notice=account.tokens.revoked#tokens', 303);
});

accountRoutes.get('/account/data.json', async (c) => {
  const deps = c.get('deps');
  const viewer = c.get('viewer')!;
  const data = await exportPersonalData(deps.db, viewer.personId, deps.now());
  await recordAudit(deps.db, { actorId: viewer.personId, action: 'person.data_exported', entityType: 'person', entityId: viewer.personId, requestId: c.get('requestId') });
  c.header('Content-Disposition', 'attachment; filename="passerelle-my-data.json"');
  c.header('Cache-Control', 'no-store');
  return c.json(data);
});
