import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { clientAddress, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { cookieOptions, languageCookie, sessionCookie } from '../http/middleware.js';
import { languageSchema, emailOnlySchema, newPasswordSchema, safeNextPath, signInSchema } from './accounts.schema.js';
import * as accounts from './accounts.service.js';
import { updatePerson } from './accounts.repository.js';
import { sessionLifetimeDays } from './accounts.service.js';

export const authRoutes = new Hono<AppEnv>();

const requestMeta = (c: AppContext) => ({
  ipAddress: clientAddress(c),
  userAgent: c.req.header('user-agent'),
  requestId: c.get('requestId'),
});

export function setSessionCookie(c: AppContext, token: string) {
  setCookie(c, sessionCookie, token, cookieOptions(c.get('deps'), sessionLifetimeDays * 86400));
}

function LoginPage(props: { page: PageContext; values?: FormValues; errors?: FormErrors; failed?: boolean }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('auth.login.title')}>
      <div class="narrow">
        <h1>{t('auth.login.title')}</h1>
        {props.failed && (
          <p class="error-summary" role="alert">
            {t('auth.login.failed')}
          </p>
        )}
        <ErrorSummary page={page} errors={props.errors} />
        <form method="post" action="/login" novalidate>
          <CsrfField page={page} />
          <input type="hidden" name="next" value={props.values?.['next'] ?? ''} />
          <TextField page={page} name="email" type="email" label={t('auth.field.email')} autocomplete="username" required values={props.values} errors={props.errors} />
          <TextField page={page} name="password" type="password" label={t('auth.field.password')} autocomplete="current-password" required errors={props.errors} />
          <button type="submit">{t('auth.login.submit')}</button>
        </form>
        <ul class="link-list">
          <li>
            <a href="/password/forgot">{t('auth.login.forgot')}</a>
          </li>
          <li>
            <a href="/magic-link">{t('auth.login.magicLink')}</a>
          </li>
        </ul>
      </div>
    </Layout>
  );
}

authRoutes.get('/login', (c) => {
  if (c.get('viewer')) return c.redirect('/', 302);
  return render(c, <LoginPage page={pageContext(c)} values={{ next: c.req.query('next') ?? '' }} />);
});

authRoutes.post('/login', async (c) => {
  const form = await parseForm(c, signInSchema);
  const page = pageContext(c);
  if (!form.isValid) return render(c, <LoginPage page={page} values={form.values} errors={form.errors} />, 400);
  try {
    const token = await accounts.signInWithPassword(c.get('deps'), form.data, requestMeta(c));
    const previous = getCookie(c, sessionCookie);
    if (previous) await accounts.endSession(c.get('deps').db, previous);
    setSessionCookie(c, token);
    return c.redirect(safeNextPath(form.data.next), 303);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') {
      return render(c, <LoginPage page={page} values={{ email: form.data.email, next: form.data.next }} failed />, 400);
    }
    throw error;
  }
});

authRoutes.post('/logout', async (c) => {
  const token = getCookie(c, sessionCookie);
  if (token) await accounts.endSession(c.get('deps').db, token);
  deleteCookie(c, sessionCookie, { path: '/' });
  return c.redirect('/login', 303);
});

function EmailRequestPage(props: {
  page: PageContext;
  kind: 'forgot' | 'magic';
  values?: FormValues;
  errors?: FormErrors;
  isSent?: boolean;
}) {
  const { page, kind } = props;
  const { t } = page;
  const title = kind === 'forgot' ? t('auth.forgot.title') : t('auth.magic.title');
  return (
    <Layout page={page} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        {props.isSent ? (
          <p class="notice" role="status">
            {t('auth.emailSent')}
          </p>
        ) : (
          <>
            <p>{kind === 'forgot' ? t('auth.forgot.intro') : t('auth.magic.intro')}</p>
            <ErrorSummary page={page} errors={props.errors} />
            <form method="post" action={kind === 'forgot' ? '/password/forgot' : '/magic-link'} novalidate>
              <CsrfField page={page} />
              <TextField page={page} name="email" type="email" label={t('auth.field.email')} autocomplete="email" required values={props.values} errors={props.errors} />
              <button type="submit">{t('auth.sendLink')}</button>
            </form>
          </>
        )}
        <p>
          <a href="/login">{t('auth.backToLogin')}</a>
        </p>
      </div>
    </Layout>
  );
}

for (const kind of ['forgot', 'magic'] as const) {
  const path = kind === 'forgot' ? '/password/forgot' : '/magic-link';
  authRoutes.get(path, (c) => render(c, <EmailRequestPage page={pageContext(c)} kind={kind} />));
  authRoutes.post(path, async (c) => {
    const form = await parseForm(c, emailOnlySchema);
    const page = pageContext(c);
    if (!form.isValid) return render(c, <EmailRequestPage page={page} kind={kind} values={form.values} errors={form.errors} />, 400);
    const request = kind === 'forgot' ? accounts.requestPasswordReset : accounts.requestMagicLink;
    await request(c.get('deps'), form.data.email, c.get('language'), requestMeta(c));
    return render(c, <EmailRequestPage page={page} kind={kind} isSent />);
  });
}

function ResetPage(props: { page: PageContext; token: string; errors?: FormErrors }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('auth.reset.title')}>
      <div class="narrow">
        <h1>{t('auth.reset.title')}</h1>
        <ErrorSummary page={page} errors={props.errors} />
        <form method="post" action={`/password/reset/${props.token}`} novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="password" type="password" label={t('auth.field.newPassword')} hint={t('common.validation.passwordLength')} autocomplete="new-password" required errors={props.errors} />
          <TextField page={page} name="confirmation" type="password" label={t('auth.field.confirmation')} autocomplete="new-password" required errors={props.errors} />
          <button type="submit">{t('auth.reset.submit')}</button>
        </form>
      </div>
    </Layout>
  );
}

authRoutes.get('/password/reset/:token', async (c) => {
  await accounts.checkPasswordResetToken(c.get('deps'), c.req.param('token'));
  return render(c, <ResetPage page={pageContext(c)} token={c.req.param('token')} />);
});

authRoutes.post('/password/reset/:token', async (c) => {
  const token = c.req.param('token');
  const form = await parseForm(c, newPasswordSchema);
  if (!form.isValid) {
    await accounts.checkPasswordResetToken(c.get('deps'), token);
    return render(c, <ResetPage page={pageContext(c)} token={token} errors={form.errors} />, 400);
  }
  await accounts.resetPassword(c.get('deps'), token, form.data.password, requestMeta(c));
  return c.redirect('/login?notice=auth.reset.done', 303);
});

/**
 * The emailed link opens a confirmation page; only the button signs in. Mail scanners that
 * prefetch links therefore cannot burn the single-use token.
 */
authRoutes.get('/magic/:token', async (c) => {
  const person = await accounts.describeMagicLink(c.get('deps'), c.req.param('token'));
  const page = pageContext(c);
  const { t } = page;
  return render(
    c,
    <Layout page={page} title={t('auth.magic.confirmTitle')}>
      <div class="narrow">
        <h1>{t('auth.magic.confirmTitle')}</h1>
        <p>{t('auth.magic.confirmIntro', { name: `${person.givenName} ${person.familyName}` })}</p>
        <form method="post" action={`/magic/${c.req.param('token')}`}>
          <CsrfField page={page} />
          <button type="submit">{t('auth.magic.confirmSubmit')}</button>
        </form>
      </div>
    </Layout>,
  );
});

authRoutes.post('/magic/:token', async (c) => {
  const token = await accounts.signInWithMagicLink(c.get('deps'), c.req.param('token'), requestMeta(c));
  setSessionCookie(c, token);
  return c.redirect('/', 303);
});

authRoutes.post('/language', async (c) => {
  const form = await parseForm(c, languageSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  const deps = c.get('deps');
  setCookie(c, languageCookie, form.data.language, cookieOptions(deps, 365 * 86400));
  const viewer = c.get('viewer');
  if (viewer) await updatePerson(deps.db, viewer.personId, { preferredLanguage: form.data.language, updatedAt: deps.now() });
  return c.redirect(safeNextPath(form.data.back), 303);
});
