import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, Section, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { organisationsWhere } from '../accounts/viewer.js';
import { organisationFor } from '../organisations/organisations.service.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import { listMobilities } from './mobilities.repository.js';
import { hostFamilyProfileSchema, hostProfileSchema } from './mobilities.schema.js';
import { hostProfileOf, saveHostFamilyProfile, saveHostProfile } from './host-profiles.service.js';

export const hostRoutes = new Hono<AppEnv>();
hostRoutes.use('/hosts/*', requireViewer);

async function HostPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const organisationId = c.req.param('id')!;
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw new AppError('not_found');
  // Its own people see the host; so do those who can see one of the mobilities it hosts (their coaches).
  const placements = await listMobilities(db, viewer, { hostOrganisationId: organisationId, sort: 'start', offset: 0, limit: 100 });
  const organisation = placements.length > 0 ? await findOrganisation(db, organisationId) : await organisationFor(db, viewer, organisationId, 'view');
  if (!organisation || organisation.type !== 'company') throw new AppError('not_found');
  const profile = await hostProfileOf(db, organisation.id);
  const mayEdit = viewer.isPlatformAdmin || organisationsWhere(viewer, ['org_admin', 'host_contact']).includes(organisation.id);
  const shown = values ?? {
    naceCode: profile?.naceCode ?? '',
    trades: profile?.trades.join(', ') ?? '',
    acceptsMinors: profile?.acceptsMinors ? 'on' : '',
    minimumAge: profile?.minimumAge?.toString() ?? '',
    capacity: profile?.capacity?.toString() ?? '',
    hasSafetyInduction: profile?.hasSafetyInduction ? 'on' : '',
    providesPpe: profile?.providesPpe ? 'on' : '',
    helpsWithAccommodation: profile?.helpsWithAccommodation ? 'on' : '',
  };
  const checkbox = (name: string, label: string) => (
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" name={name} checked={shown[name] === 'on'} disabled={!mayEdit} /> {label}
      </label>
    </div>
  );
  return (
    <Layout page={page} title={organisation.legalName}>
      <h1>{organisation.legalName}</h1>
      <p>
        {organisation.city}, {countryName(language, organisation.country)}
      </p>
      <Section title={t('hosts.profile')} id="profile">
        {mayEdit ? (
          <>
            <ErrorSummary page={page} errors={errors} />
            <form method="post" action={`/hosts/${organisation.id}`} novalidate>
              <CsrfField page={page} />
              <TextField page={page} name="naceCode" label={t('hosts.nace')} hint={t('hosts.naceHint')} values={shown} errors={errors} maxlength={6} />
              <TextField page={page} name="trades" label={t('hosts.trades')} hint={t('hosts.tradesHint')} values={shown} errors={errors} />
              {checkbox('acceptsMinors', t('hosts.acceptsMinors'))}
              <TextField page={page} name="minimumAge" inputmode="numeric" label={t('hosts.minimumAge')} values={shown} errors={errors} maxlength={2} />
              <TextField page={page} name="capacity" inputmode="numeric" label={t('hosts.capacity')} values={shown} errors={errors} maxlength={3} />
              {checkbox('hasSafetyInduction', t('hosts.safetyInduction'))}
              {checkbox('providesPpe', t('hosts.ppe'))}
              {checkbox('helpsWithAccommodation', t('hosts.accommodation'))}
              <button type="submit">{t('common.save')}</button>
            </form>
          </>
        ) : (
          <dl class="facts">
            <dt>{t('hosts.nace')}</dt>
            <dd>{profile?.naceCode ?? '—'}</dd>
            <dt>{t('hosts.trades')}</dt>
            <dd>{profile?.trades.join(', ') || '—'}</dd>
            <dt>{t('hosts.acceptsMinors')}</dt>
            <dd>{profile?.acceptsMinors ? `${t('mobilities.yes')}${profile.minimumAge ? ` (${profile.minimumAge}+)` : ''}` : t('mobilities.no')}</dd>
            <dt>{t('hosts.capacity')}</dt>
            <dd>{profile?.capacity ?? '—'}</dd>
          </dl>
        )}
      </Section>
      <Section title={t('hosts.placements')} id="placements">
        {placements.length === 0 ? (
          <p>{t('mobilities.none')}</p>
        ) : (
          <ul class="plain-list">
            {placements.map((row) => (
              <li>
                <a href={`/mobilities/${row.id}`}>{`${row.givenName} ${row.familyName}`}</a> — {row.startDate ? formatDate(language, row.startDate) : '—'} · {t(`status.${row.status}`)}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Layout>
  );
}

hostRoutes.get('/hosts/:id', (c) => render(c, <HostPage c={c} />));

hostRoutes.post('/hosts/:id', async (c) => {
  const form = await parseForm(c, hostProfileSchema);
  if (!form.isValid) return render(c, <HostPage c={c} values={form.values} errors={form.errors} />, 400);
  await saveHostProfile(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  return c.redirect(`/hosts/${c.req.param('id')}?notice=common.saved`, 303);
});

hostRoutes.post('/hosts/family-vetting/:mobilityId', async (c) => {
  const form = await parseForm(c, hostFamilyProfileSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await saveHostFamilyProfile(c.get('deps').db, actorOf(c), c.req.param('mobilityId'), form.data);
  return c.redirect(`/mobilities/${c.req.param('mobilityId')}?notice=mobilities.saved#vetting`, 303);
});
