import type { Child } from 'hono/jsx';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { Pagination } from '../../ui/pagination.js';
import type { PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, formatNumber } from '../../shared/format.js';
import type { Language } from '../../shared/i18n/languages.js';
import { CheckboxGroup } from '../agreements/agreement-form.js';
import { stayDurations, type TranslatedText } from '../db/schema/map.js';
import { canOnMap } from './map.policy.js';
import { directoryTrades, qualificationTitle } from './map-content.js';
import { filterQuery, mapZoom, type DirectoryFilter, type DirectoryPoint } from './directory-index.js';
import type { alumnusEntry, hostEntry } from './map.service.js';

export const listPageSize = 50;

export const localised = (text: TranslatedText | null | undefined, language: Language) => (text ? (text[language] ?? text.en) : '');

const languageName = (language: Language, code: string) => new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;

/** The marker's shape, repeated in the list and the legend: hosts are squares, alumni circles (never colour alone). */
export function EntrySymbol({ kind }: { kind: DirectoryPoint['kind'] }) {
  return <span class={`map-symbol map-symbol-${kind}`} aria-hidden="true"></span>;
}

function Facts({ rows }: { rows: [string, Child][] }) {
  return (
    <dl class="facts">
      {rows.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

const queryString = (query: Record<string, string | undefined>) => {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) parameters.set(name, value);
  return parameters.toString();
};

type MapPageProps = { page: PageContext; filter: DirectoryFilter; results: DirectoryPoint[]; all: DirectoryPoint[]; current: number };

function FilterForm({ page, filter, all }: Pick<MapPageProps, 'page' | 'filter' | 'all'>) {
  const { t, language } = page;
  const countries = [...new Set(all.map((point) => point.country))]
    .map((code) => ({ value: code, label: countryName(language, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
  const cities = [...new Set(all.filter((point) => !filter.country || point.country === filter.country).map((point) => point.city))].sort(
    (a, b) => a.localeCompare(b, language),
  );
  const spoken = [...new Set(all.flatMap((point) => point.languages))]
    .map((code) => ({ value: code, label: languageName(language, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
  const select = (name: keyof DirectoryFilter, label: string, options: { value: string; label: string }[]) => (
    <div class="filter-field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t('common.all')}</option>
        {options.map((option) => (
          <option value={option.value} selected={filter[name] === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action="/map" role="search" aria-label={t('map.filters')}>
      <div class="filter-grid">
        <div class="filter-field">
          <label for="filter-q">{t('map.search')}</label>
          <input id="filter-q" name="q" type="search" value={filter.q} maxlength={100} />
        </div>
        {select('kind', t('map.filter.kind'), [
          { value: 'host', label: t('map.kind.host') },
          { value: 'alumnus', label: t('map.kind.alumnus') },
        ])}
        {select('country', t('map.filter.country'), countries)}
        <div class="filter-field">
          <label for="filter-city">{t('map.filter.city')}</label>
          <input id="filter-city" name="city" value={filter.city} list="city-choices" maxlength={80} autocomplete="off" />
          <datalist id="city-choices">
            {cities.map((city) => (
              <option value={city} />
            ))}
          </datalist>
        </div>
        {select(
          'trade',
          t('map.filter.trade'),
          directoryTrades.map((trade) => ({ value: trade, label: t(`map.trade.${trade}`) })),
        )}
        {select('language', t('map.filter.language'), spoken)}
        {select(
          'duration',
          t('map.filter.duration'),
          stayDurations.map((duration) => ({ value: duration, label: t(`map.duration.${duration}`) })),
        )}
        <div class="filter-field">
          <label class="checkbox">
            <input type="checkbox" name="minors" value="yes" checked={filter.minors === 'yes'} /> {t('map.filter.minors')}
          </label>
        </div>
      </div>
      <button type="submit">{t('common.filter')}</button> <a href="/map">{t('map.filter.reset')}</a>
    </form>
  );
}

export function entryHref(point: Pick<DirectoryPoint, 'kind' | 'slug'>) {
  return point.kind === 'host' ? `/map/hosts/${point.slug}` : `/map/alumni/${point.slug}`;
}

function ResultList({ page, filter, results, current }: Pick<MapPageProps, 'page' | 'filter' | 'results' | 'current'>) {
  const { t, language } = page;
  const shown = results.slice((current - 1) * listPageSize, current * listPageSize);
  return (
    <section class="map-results" aria-labelledby="results-heading">
      <h2 id="results-heading" aria-live="polite">
        {t('map.resultCount', { count: formatNumber(language, results.length) })}
      </h2>
      {results.length === 0 ? (
        <p>{t('map.noResults')}</p>
      ) : (
        <ol class="directory-list">
          {shown.map((point) => (
            <li>
              <EntrySymbol kind={point.kind} /> <a href={entryHref(point)}>{point.name}</a>
              <span class="directory-meta">
                {t(`map.kind.${point.kind}`)} · {point.city}, {countryName(language, point.country)} ·{' '}
                {point.trades.map((trade) => t(`map.trade.${trade as (typeof directoryTrades)[number]}`)).join(', ')}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} current={current} total={results.length} pageSize={listPageSize} query={filterQuery(filter)} />
    </section>
  );
}

function ViewerLinks({ page }: { page: PageContext }) {
  const { t, viewer } = page;
  if (!viewer) return null;
  const links: [string, string][] = [['/map/inbox', t('map.inbox.title')]];
  if (canOnMap(viewer, 'proposeHost')) links.push(['/map/hosts/new', t('map.edit.proposeTitle')]);
  if (canOnMap(viewer, 'beAmbassador')) links.push(['/map/ambassador', t('map.ambassador.title')]);
  if (viewer.roles.has('guardian')) links.push(['/map/guardian', t('map.guardian.title')]);
  if (canOnMap(viewer, 'review')) links.push(['/map/review', t('mapCuration.title')]);
  return (
    <ul class="inline-list">
      {links.map(([href, label]) => (
        <li>
          <a href={href}>{label}</a>
        </li>
      ))}
    </ul>
  );
}

/** south,west,north,east of the results, so the map opens on all of them (and so agrees with the list). */
function resultBounds(results: DirectoryPoint[]): string | undefined {
  if (results.length === 0) return undefined;
  const latitudes = results.map((point) => point.latitude);
  const longitudes = results.map((point) => point.longitude);
  return [Math.min(...latitudes), Math.min(...longitudes), Math.max(...latitudes), Math.max(...longitudes)].join(',');
}

export function MapPage({ page, filter, results, all, current }: MapPageProps) {
  const { t } = page;
  const apiQuery = queryString(filterQuery(filter));
  return (
    <Layout
      page={page}
      title={t('map.title')}
      scripts={['/static/leaflet.js', '/static/map.js']}
      stylesheets={['/static/leaflet.css']}
      withHtmx={false}
    >
      <h1>{t('map.title')}</h1>
      <p class="lead">{t('map.intro')}</p>
      <ViewerLinks page={page} />
      <FilterForm page={page} filter={filter} all={all} />
      <div class="map-layout">
        <div class="map-column">
          <p class="map-legend">
            <EntrySymbol kind="host" /> {t('map.kind.host')} <EntrySymbol kind="alumnus" /> {t('map.kind.alumnus')}{' '}
            <span class="map-symbol map-symbol-cluster" aria-hidden="true"></span> {t('map.legend.cluster')}
          </p>
          <div
            id="map"
            class="map-canvas"
            hidden
            role="region"
            aria-label={t('map.canvasLabel')}
            data-api={`/api/v1/map${apiQuery ? `?${apiQuery}` : ''}`}
            data-basemap="/map/basemap.geojson"
            data-min-zoom={String(mapZoom.min)}
            data-max-zoom={String(mapZoom.max)}
            data-label-host={t('map.kind.host')}
            data-label-alumnus={t('map.kind.alumnus')}
            data-label-cluster={t('map.cluster', { count: '{count}' })}
            data-label-open={t('map.openEntry')}
            data-label-zoom-in={t('map.zoomIn')}
            data-label-zoom-out={t('map.zoomOut')}
            data-bounds={resultBounds(results)}
          ></div>
        </div>
        <ResultList page={page} filter={filter} results={results} current={current} />
      </div>
    </Layout>
  );
}

function ContactForm({
  page,
  action,
  isHost,
  values,
  errors,
}: {
  page: PageContext;
  action: string;
  isHost: boolean;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { t } = page;
  const shown = values ?? { kind: 'message' };
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary page={page} errors={errors} />
      {isHost ? (
        <fieldset class="field" id="field-kind">
          <legend>{t('map.contact.kind')}</legend>
          {(['message', 'placement_request'] as const).map((kind) => (
            <div class="checkbox">
              <input type="radio" id={`kind-${kind}`} name="kind" value={kind} checked={shown['kind'] === kind} />
              <label for={`kind-${kind}`}>{t(`map.contact.kind.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
      ) : (
        <input type="hidden" name="kind" value="message" />
      )}
      {isHost && (
        <TextField
          page={page}
          name="period"
          label={t('map.contact.period')}
          hint={t('map.contact.periodHint')}
          values={shown}
          errors={errors}
          maxlength={120}
        />
      )}
      <LongTextField
        page={page}
        name="body"
        label={t('map.contact.body')}
        hint={t('map.contact.bodyHint')}
        values={shown}
        errors={errors}
      />
      <button type="submit">{t('map.contact.send')}</button>
    </form>
  );
}

function ContactSection({
  page,
  action,
  isHost,
  isReachable,
  values,
  errors,
}: {
  page: PageContext;
  action: string;
  isHost: boolean;
  isReachable: boolean;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { t, viewer } = page;
  let content: Child;
  if (!isReachable) content = <p>{t('map.contact.unreachable')}</p>;
  else if (!viewer)
    content = (
      <p>
        <a href={`/login?next=${encodeURIComponent(page.path)}`}>{t('map.contact.signIn')}</a>
      </p>
    );
  else if (!canOnMap(viewer, 'contact')) content = <p>{t('map.contact.notAllowed')}</p>;
  else content = <ContactForm page={page} action={action} isHost={isHost} values={values} errors={errors} />;
  return (
    <section class="panel" aria-labelledby="contact-heading" id="contact">
      <h2 id="contact-heading">{t('map.contact.title')}</h2>
      <p class="hint">{t('map.contact.privacy')}</p>
      {content}
    </section>
  );
}

type HostView = Awaited<ReturnType<typeof hostEntry>>;
type FormState = { values?: FormValues | undefined; errors?: FormErrors | undefined };

export function HostEntryPage({ page, entry, form = {} }: { page: PageContext; entry: HostView; form?: FormState }) {
  const { t, language, viewer } = page;
  const { host } = entry;
  const yesNo = (value: boolean | null) => (value ? t('map.yes') : t('map.no'));
  const isReviewer = canOnMap(viewer, 'review');
  return (
    <Layout page={page} title={entry.name}>
      <p class="breadcrumb">
        <a href="/map">{t('map.back')}</a>
      </p>
      <h1>{entry.name}</h1>
      <p>
        <EntrySymbol kind="host" /> {t('map.kind.host')} · {entry.city}, {countryName(language, entry.country)}
        {host.status !== 'published' && <span class="badge">{t(`map.status.${host.status}`)}</span>}
      </p>
      <p class="hint">{t('map.lastConfirmed', { date: formatDate(language, host.lastConfirmedOn) })}</p>
      <p class="preserve-lines">{localised(host.description, language)}</p>
      <Facts
        rows={[
          [t('map.fact.sector'), `${localised(host.sectorLabel, language) || '—'}${entry.naceCode ? ` (NACE ${entry.naceCode})` : ''}`],
          [
            t('map.filter.trade'),
            (entry.trades ?? []).map((trade) => t(`map.trade.${trade as (typeof directoryTrades)[number]}`)).join(', ') || '—',
          ],
          [
            t('map.fact.qualifications'),
            host.qualifications.map((slug) => localised(qualificationTitle(slug), language) || slug).join(', ') || '—',
          ],
          [t('map.filter.language'), entry.languages.map((code) => languageName(language, code)).join(', ')],
          [
            t('map.filter.minors'),
            entry.acceptsMinors
              ? `${t('map.yes')}${entry.minimumAge ? ` — ${t('map.fact.minimumAge', { age: entry.minimumAge })}` : ''}`
              : t('map.no'),
          ],
          [t('map.filter.duration'), host.typicalDurations.map((duration) => t(`map.duration.${duration}`)).join(', ') || '—'],
          [t('map.fact.capacity'), entry.capacity ? formatNumber(language, entry.capacity) : '—'],
          [t('map.fact.accommodation'), yesNo(entry.helpsWithAccommodation)],
          [t('map.fact.safety'), yesNo(entry.hasSafetyInduction)],
          [t('map.fact.ppe'), yesNo(entry.providesPpe)],
          [t('map.fact.learnersHosted'), formatNumber(language, entry.learnersHosted)],
          [t('map.fact.location'), t(`map.precision.${host.locationPrecision}`)],
          [t('map.fact.oid'), entry.oid ?? '—'],
        ]}
      />
      {entry.mayEdit && (
        <p>
          <a href={`/map/hosts/${host.slug}/edit`} class="button-small">
            {t('map.edit.title')}
          </a>
        </p>
      )}
      {isReviewer && <ReviewButtons page={page} kind="host" id={host.id} status={host.status} />}
      {host.status === 'published' && (
        <ContactSection
          page={page}
          action={`/map/hosts/${host.slug}/contact`}
          isHost
          isReachable={entry.isReachable}
          values={form.values}
          errors={form.errors}
        />
      )}
    </Layout>
  );
}

type AlumnusView = Awaited<ReturnType<typeof alumnusEntry>>;

export function AlumnusEntryPage({ page, entry, form = {} }: { page: PageContext; entry: AlumnusView; form?: FormState }) {
  const { t, language, viewer } = page;
  const { alumnus } = entry;
  return (
    <Layout page={page} title={alumnus.displayName}>
      <p class="breadcrumb">
        <a href="/map">{t('map.back')}</a>
      </p>
      <h1>{alumnus.displayName}</h1>
      <p>
        <EntrySymbol kind="alumnus" /> {t('map.kind.alumnus')} · {alumnus.hostCity}, {countryName(language, alumnus.hostCountry)}
      </p>
      <p class="hint">{t('map.lastConfirmed', { date: formatDate(language, alumnus.lastConfirmedOn) })}</p>
      <blockquote class="testimonial preserve-lines">{localised(alumnus.testimonial, language)}</blockquote>
      <Facts
        rows={[
          [t('map.filter.trade'), t(`map.trade.${alumnus.trade as (typeof directoryTrades)[number]}`)],
          [t('map.fact.homeCentre'), alumnus.homeCentre],
          [t('map.fact.stay'), t('map.fact.stayValue', { year: alumnus.year, weeks: alumnus.durationWeeks })],
          [t('map.filter.language'), alumnus.languages.map((code) => languageName(language, code)).join(', ')],
          [t('map.fact.happyToBeContacted'), alumnus.isHappyToBeContacted ? t('map.yes') : t('map.no')],
        ]}
      />
      {canOnMap(viewer, 'review') && <ReviewButtons page={page} kind="alumnus" id={alumnus.id} status={alumnus.status} />}
      {!entry.isOwn && alumnus.isHappyToBeContacted && (
        <ContactSection
          page={page}
          action={`/map/alumni/${alumnus.slug}/contact`}
          isHost={false}
          isReachable={entry.isReachable}
          values={form.values}
          errors={form.errors}
        />
      )}
    </Layout>
  );
}

export function ReviewButtons({ page, kind, id, status }: { page: PageContext; kind: 'host' | 'alumnus'; id: string; status: string }) {
  const { t } = page;
  return (
    <p class="transition-list">
      {status !== 'published' && <PostButton page={page} action={`/map/review/${kind}/${id}/publish`} label={t('mapCuration.publish')} />}
      {status !== 'hidden' && <PostButton page={page} action={`/map/review/${kind}/${id}/hide`} label={t('mapCuration.hide')} quiet />}
    </p>
  );
}

type HostEntryFormProps = {
  page: PageContext;
  action: string;
  title: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** Proposing: the organisations the viewer may put on the map. */
  organisations?: { id: string; legalName: string; city: string }[];
  /** Editing: the host profile form (sector, minors, capacity …) and the "still accurate" button. */
  existing?: { organisationId: string; slug: string };
};

export function HostEntryForm({ page, action, organisations, values, errors, title, existing }: HostEntryFormProps) {
  const { t } = page;
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/map">{t('map.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField page={page} />
        {organisations && (
          <SelectField
            page={page}
            name="organisationId"
            label={t('map.edit.organisation')}
            hint={t('map.edit.organisationHint')}
            values={values}
            errors={errors}
            required
            options={organisations.map((organisation) => ({
              value: organisation.id,
              label: `${organisation.legalName} (${organisation.city})`,
            }))}
          />
        )}
        <LongTextField page={page} name="descriptionFr" label={t('map.edit.descriptionFr')} values={values} errors={errors} />
        <LongTextField page={page} name="descriptionEn" label={t('map.edit.descriptionEn')} values={values} errors={errors} />
        <CheckboxGroup
          page={page}
          name="typicalDurations"
          legend={t('map.filter.duration')}
          options={stayDurations.map((duration) => ({ value: duration, label: t(`map.duration.${duration}`) }))}
          selected={(values.typicalDurations ?? '').split(',')}
          errors={errors}
        />
        <SelectField
          page={page}
          name="locationPrecision"
          label={t('map.fact.location')}
          values={values}
          errors={errors}
          required
          options={(['city', 'exact'] as const).map((precision) => ({ value: precision, label: t(`map.precision.${precision}`) }))}
        />
        <button type="submit">{t('common.save')}</button>
      </form>
      {existing && (
        <>
          <p>
            <a href={`/hosts/${existing.organisationId}`}>{t('map.edit.profileLink')}</a>
          </p>
          <PostButton page={page} action={`/map/hosts/${existing.slug}/confirm`} label={t('map.edit.confirm')} quiet />
        </>
      )}
    </Layout>
  );
}
