import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { clientAddress, type AppContext, type AppEnv } from '../http/context.js';
import { parseForm, render } from '../http/render.js';
import { acceptInvitationSchema } from '../accounts/accounts.schema.js';
import { startSession } from '../accounts/accounts.service.js';
import { setSessionCookie } from '../accounts/auth.routes.js';
import { acceptInvitation, describeInvitation } from './organisations.service.js';

export const invitationRoutes = new Hono<AppEnv>();

async function InvitationPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const token = c.req.param('token')!;
  const found = await describeInvitation(c.get('deps').db, token, c.get('deps').now());
  const person = found.existingPerson;
  const shown = values ?? { givenName: person?.givenName ?? '', familyName: person?.familyName ?? '' };
  return (
    <Layout page={page} title={t('invitation.title')}>
      <div class="narrow">
        <h1>{t('invitation.title')}</h1>
        <p>{t('invitation.intro', { organisation: found.organisationName, role: t(`role.${found.invitation.role}`) })}</p>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action={`/invitations/${token}`} novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="givenName" label={t('account.profile.givenName')} autocomplete="given-name" required values={shown} errors={errors} />
          <TextField page={page} name="familyName" label={t('account.profile.familyName')} autocomplete="family-name" required values={shown} errors={errors} />
          {!found.hasPassword && (
            <>
              <p class="hint">{t('invitation.passwordOptional')}</p>
              <TextField page={page} name="password" type="password" label={t('auth.field.newPassword')} autocomplete="new-password" errors={errors} />
              <TextField page={page} name="confirmation" type="password" label={t('auth.field.confirmation')} autocomplete="new-password" errors={errors} />
            </>
          )}
          <button type="submit">{t('invitation.accept')}</button>
        </form>
      </div>
    </Layout>
  );
}

invitationRoutes.get('/invitations/:token', (c) => render(c, <InvitationPage c={c} />));

invitationRoutes.post('/invitations/:token', async (c) => {
  const deps = c.get('deps');
  const form = await parseForm(c, acceptInvitationSchema);
  if (!form.isValid) return render(c, <InvitationPage c={c} values={form.values} errors={form.errors} />, 400);
  const person = await acceptInvitation(deps.db, c.req.param('token'), form.data, c.get('requestId'), deps.now());
  const token = await startSession(deps.db, person.id, 'invitation', { ipAddress: clientAddress(c), userAgent: c.req.header('user-agent'), requestId: c.get('requestId') }, deps.now());
  setSessionCookie(c, token);
  return c.redirect('/?notice=invitation.accepted', 303);
});
