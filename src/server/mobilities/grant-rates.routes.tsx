import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, Section, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatEuros, formatNumber } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { grantRatesSchema } from './mobilities.schema.js';
import { rateTableFor, saveRates } from './grant-rates.service.js';
import { countryGroups, countryGroupSource, participantKinds, type GrantEstimate, type MissingForEstimate } from './rules/grant-estimate.js';
import { distanceBands } from './rules/types.js';

export const grantRateRoutes = new Hono<AppEnv>();
grantRateRoutes.use('/organisations/:id/grant-rates', requireViewer, staffLanguage);

/** Cents as typed back into a field: "60" or "60.5" (the form accepts a comma too). */
const centsAsField = (cents: number) => String(cents / 100);

function RateInput({ name, label, values, errors }: { name: string; label: string; values: FormValues; errors?: FormErrors | undefined }) {
  // The id the error summary links to (`#field-<name>`), like every other field.
  return (
    <td>
      <input id={`field-${name}`} name={name} inputmode="decimal" size={8} maxlength={10} value={values[name] ?? ''} aria-label={label} aria-invalid={errors?.[name] ? 'true' : undefined} />
    </td>
  );
}

async function RatePage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t, language } = page;
  const { organisation, rows } = await rateTableFor(c.get('deps').db, c.get('viewer')!, c.req.param('id')!);
  const shown = values ?? Object.fromEntries(rows.map((row) => [row.rateKey, centsAsField(row.cents)]));
  const lastChange = rows.reduce<Date | null>((latest, row) => (!latest || row.updatedAt > latest ? row.updatedAt : latest), null);
  return (
    <Layout page={page} title={t('grants.title')}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.id}/members`}>{organisation.legalName}</a>
      </p>
      <h1>{t('grants.title')}</h1>
      <p>{t('grants.intro')}</p>
      {c.req.query('saved') && <p role="status">{t('grants.saved')}</p>}
      {lastChange && <p class="hint">{t('grants.lastChange', { date: formatDate(language, lastChange) })}</p>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/organisations/${organisation.id}/grant-rates`} novalidate>
        <CsrfField page={page} />
        {participantKinds.map((kind) => (
          <Section title={t(`grants.daily.${kind}`)} id={`daily-${kind}`}>
            <p class="hint">
              {t('grants.groupsHint')} <a href={countryGroupSource}>{t('grants.programmeGuide')}</a>
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('grants.group')}</th>
                  <th scope="col">{t('grants.firstDays')}</th>
                  <th scope="col">{t('grants.longStay')}</th>
                </tr>
              </thead>
              <tbody>
                {countryGroups.map((group) => (
                  <tr>
                    <th scope="row">{t(`grants.group${group}`)}</th>
                    <RateInput name={`daily_first:${kind}:${group}`} label={`${t(`grants.kind.${kind}`)}, ${t(`grants.group${group}`)} — ${t('grants.firstDays')}`} values={shown} errors={errors} />
                    <RateInput name={`daily_long:${kind}:${group}`} label={`${t(`grants.kind.${kind}`)}, ${t(`grants.group${group}`)} — ${t('grants.longStay')}`} values={shown} errors={errors} />
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        ))}
        <Section title={t('grants.travel')} id="travel">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('grants.band')}</th>
                <th scope="col">{t('grants.standardTravel')}</th>
                <th scope="col">{t('grants.greenTravel')}</th>
              </tr>
            </thead>
            <tbody>
              {distanceBands.map((band) => (
                <tr>
                  <th scope="row">{t('grants.bandKm', { band })}</th>
                  <RateInput name={`travel_standard:${band}`} label={`${t('grants.bandKm', { band })} — ${t('grants.standardTravel')}`} values={shown} errors={errors} />
                  <RateInput name={`travel_green:${band}`} label={`${t('grants.bandKm', { band })} — ${t('grants.greenTravel')}`} values={shown} errors={errors} />
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <button type="submit">{t('common.save')}</button>
      </form>
    </Layout>
  );
}

grantRateRoutes.get('/organisations/:id/grant-rates', (c) => render(c, <RatePage c={c} />));

grantRateRoutes.post('/organisations/:id/grant-rates', async (c) => {
  const form = await parseForm(c, grantRatesSchema);
  if (!form.isValid) return render(c, <RatePage c={c} values={form.values} errors={form.errors} />, 400);
  await saveRates(c.get('deps').db, actorOf(c), c.req.param('id'), new Map(Object.entries(form.data)));
  return c.redirect(`/organisations/${c.req.param('id')}/grant-rates?saved=1`, 303);
});

const missingMessage = {
  dates: 'grants.missing.dates',
  country_group: 'grants.missing.countryGroup',
  daily_rate: 'grants.missing.dailyRate',
  long_stay_rate: 'grants.missing.longStayRate',
  travel_rate: 'grants.missing.travelRate',
} as const satisfies Record<MissingForEstimate, string>;

/** The estimate on a mobility's page, with how it was computed or what it still needs. */
export function GrantEstimateSection({ page, estimate, organisationId }: { page: PageContext; estimate: GrantEstimate; organisationId: string }) {
  const { t, language } = page;
  return (
    <Section title={t('grants.estimate')} id="grant">
      {estimate.complete ? (
        <dl class="facts">
          <dt>{t('grants.total')}</dt>
          <dd>
            <strong>{formatEuros(language, estimate.totalCents)}</strong>
          </dd>
          <dt>{t('grants.individualSupport')}</dt>
          <dd>
            {formatEuros(language, estimate.individualSupportCents)} —{' '}
            {t('grants.individualDetail', { days: formatNumber(language, estimate.fundedDays), group: estimate.countryGroup, kind: t(`grants.kind.${estimate.participantKind}`) })}
          </dd>
          <dt>{t('grants.travel')}</dt>
          <dd>{formatEuros(language, estimate.travelCents)}</dd>
        </dl>
      ) : (
        <ul class="missing-list">
          {estimate.missing.map((item) => (
            <li>{t(missingMessage[item])}</li>
          ))}
        </ul>
      )}
      <p class="hint">
        {t('grants.estimateHint')} <a href={`/organisations/${organisationId}/grant-rates`}>{t('grants.editRates')}</a>
      </p>
    </Section>
  );
}
