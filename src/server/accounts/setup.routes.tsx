import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { clientAddress, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { setupSchema } from './accounts.schema.js';
import { createPlatformAdmin, isSetupNeeded } from './setup.service.js';
import { startSession } from './accounts.service.js';
import { setSessionCookie } from './auth.routes.js';

export const setupRoutes = new Hono<AppEnv>();

let isSetupKnownDone = false;

/** In production, until a platform administrator exists, every page leads to the one-time setup. */
export const redirectToSetup = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  if (!isSetupKnownDone && deps.config.environment === 'production' && c.req.method === 'GET' && c.req.path !== '/setup') {
    if (await isSetupNeeded(deps.db)) return c.redirect('/setup', 302);
    isSetupKnownDone = true;
  }
  await next();
});

function SetupPage({ page, values, errors }: { page: PageContext; values?: FormValues; errors?: FormErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('setup.title')}>
      <div class="narrow">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action="/setup" novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="givenName" label={t('account.profile.givenName')} required values={values} errors={errors} autocomplete="given-name" />
          <TextField page={page} name="familyName" label={t('account.profile.familyName')} required values={values} errors={errors} autocomplete="family-name" />
          <TextField page={page} name="email" type="email" label={t('auth.field.email')} required values={values} errors={errors} autocomplete="email" />
          <TextField page={page} name="password" type="password" label={t('auth.field.newPassword')} hint={t('common.validation.passwordLength')} required errors={errors} autocomplete="new-password" />
          <TextField page={page} name="confirmation" type="password" label={t('auth.field.confirmation')} required errors={errors} autocomplete="new-password" />
          <button type="submit">{t('setup.submit')}</button>
        </form>
      </div>
    </Layout>
  );
}

setupRoutes.get('/setup', async (c) => {
  if (!(await isSetupNeeded(c.get('deps').db))) throw new AppError('not_found');
  return render(c, <SetupPage page={pageContext(c)} />);
});

setupRoutes.post('/setup', async (c) => {
  const deps = c.get('deps');
  if (!(await isSetupNeeded(deps.db))) throw new AppError('not_found');
  const form = await parseForm(c, setupSchema);
  if (!form.isValid) return render(c, <SetupPage page={pageContext(c)} values={form.values} errors={form.errors} />, 400);
  const person = await createPlatformAdmin(deps.db, { ...form.data, language: c.get('language') }, deps.now());
  const token = await startSession(deps.db, person.id, 'setup', { ipAddress: clientAddress(c), userAgent: c.req.header('user-agent'), requestId: c.get('requestId') }, deps.now());
  setSessionCookie(c, token);
  return c.redirect('/', 303);
});
