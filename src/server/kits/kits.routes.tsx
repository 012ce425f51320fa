import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { isNoticeKey, Layout } from '../../ui/layout.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, formatDateTime, formatNumber } from '../../shared/format.js';
import type { Language } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { emergencyPhoneKinds, kitSectionKeys, type KitDocument, type KitSectionKey } from './kit-content.js';
import { kitMap } from './kit-map.js';
import { renderKitPdf } from './kit-pdf.js';
import { telephoneHref } from './phone-numbers.js';
import { canOnKits } from './kits.policy.js';
import { correctionSchema, kitSearchQuery, rejectionSchema } from './kits.schema.js';
import * as repository from './kits.repository.js';
import * as service from './kits.service.js';

export const kitRoutes = new Hono<AppEnv>();

const clientDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'client');
/** The service worker must be served from the root so that its scope covers /kits and /safety-card. */
const serviceWorker = readFileSync(path.join(clientDirectory, 'sw.js'));

/** Kit texts exist in French and English: French readers get French, everyone else English. */
export const contentLanguageOf = (language: Language): 'fr' | 'en' => (language === 'fr' ? 'fr' : 'en');

/** The `lang` of kit text when it differs from the interface language (German chrome, English facts). */
const contentLang = (page: PageContext, contentLanguage: 'fr' | 'en') => (page.language === contentLanguage ? undefined : contentLanguage);

const sectionTitle = (page: PageContext, key: KitSectionKey) => page.t(`kits.section.${key}`);

/** What the offline script caches for a kit: the page, its print view and what they load. */
export function offlineUrlsOf(slug: string): string[] {
  return [
    `/kits/${slug}`,
    `/kits/${slug}/print`,
    '/static/app.css',
    '/static/kits.css',
    '/static/favicon.svg',
    '/static/htmx.min.js',
    '/static/offline.js',
  ];
}

const normalise = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

kitRoutes.get('/sw.js', (c) =>
  c.body(new Uint8Array(serviceWorker), 200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'no-cache',
    'Service-Worker-Allowed': '/',
  }),
);

kitRoutes.get('/manifest.webmanifest', (c) => {
  const t = c.get('t');
  const manifest = {
    name: `Passerelle — ${t('kits.index.title')}`,
    short_name: 'Passerelle',
    description: t('kits.manifest.description'),
    lang: c.get('language'),
    start_url: '/kits',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1d4e89',
    icons: [{ src: '/static/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  };
  return c.body(JSON.stringify(manifest), 200, {
    'Content-Type': 'application/manifest+json; charset=utf-8',
    'Cache-Control': 'public, max-age=3600',
  });
});

kitRoutes.get('/kits', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const query = kitSearchQuery.parse(c.req.query());
  const contentLanguage = contentLanguageOf(language);
  const all = await repository.listKitSummaries(c.get('deps').db);
  const words = query.q ? normalise(query.q).split(/\s+/).filter(Boolean) : [];
  const matching = all.filter((kit) => {
    if (words.length === 0) return true;
    const haystack = normalise(
      [
        kit.name.fr,
        kit.name.en,
        kit.name.local,
        kit.region.fr,
        kit.region.en,
        kit.countryName.fr,
        kit.countryName.en,
        countryName(language, kit.countryCode),
      ].join(' '),
    );
    return words.every((word) => haystack.includes(word));
  });
  const byCountry = new Map<string, typeof matching>();
  for (const kit of matching) byCountry.set(kit.countryCode, [...(byCountry.get(kit.countryCode) ?? []), kit]);
  const countries = [...byCountry.keys()].sort((a, b) => countryName(language, a).localeCompare(countryName(language, b), language));
  return render(
    c,
    <Layout page={page} title={t('kits.index.title')}>
      <link rel="manifest" href="/manifest.webmanifest" />
      <link rel="stylesheet" href="/static/kits.css" />
      <h1>{t('kits.index.title')}</h1>
      <p class="lead">{t('kits.index.intro')}</p>
      <form method="get" action="/kits" class="filter-bar" role="search">
        <label for="kit-search">{t('kits.index.searchLabel')}</label>
        <input id="kit-search" name="q" type="search" value={query.q ?? ''} maxlength={100} />
        <button type="submit" class="button-small">
          {t('kits.index.search')}
        </button>
      </form>
      <p role="status">
        {matching.length === 0 && query.q
          ? t('kits.index.noResults', { query: query.q })
          : t('kits.index.count', { count: matching.length })}
      </p>
      {query.q && (
        <p>
          <a href="/kits">{t('kits.index.showAll')}</a>
        </p>
      )}
      {countries.map((code) => (
        <section class="kit-country" aria-labelledby={`country-${code}`}>
          <h2 id={`country-${code}`}>{countryName(language, code)}</h2>
          <ul class="kit-list">
            {byCountry.get(code)!.map((kit) => (
              <li>
                <a href={`/kits/${kit.slug}`}>{kit.name[contentLanguage]}</a>
                {kit.name.local !== kit.name[contentLanguage] && <span> ({kit.name.local})</span>}
                <span class="kit-meta"> · {kit.region[contentLanguage]}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
  );
});

function EmergencyNumbers({ page, kit, contentLanguage }: { page: PageContext; kit: KitDocument; contentLanguage: 'fr' | 'en' }) {
  const first = kit.phones.filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind));
  const seen = new Set<string>();
  const unique = first.filter((phone) => (seen.has(phone.number) ? false : (seen.add(phone.number), true)));
  return (
    <section class="panel kit-emergency" aria-labelledby="emergency-numbers">
      <h2 id="emergency-numbers">{page.t('kits.kit.emergencyNumbers')}</h2>
      <ul class="emergency-list">
        {unique.map((phone) => (
          <li>
            <a class="emergency-number" href={telephoneHref(phone.number, kit.countryCode)}>
              {phone.number}
            </a>{' '}
            <span lang={contentLang(page, contentLanguage)}>{phone.label[contentLanguage]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SourceLink({ page, kit, id }: { page: PageContext; kit: KitDocument; id: string }) {
  const source = kit.sources.find((candidate) => candidate.id === id);
  return (
    <a class="source-link" href={`#source-${id}`} aria-label={`${page.t('kits.kit.sourceLink')}: ${source?.title ?? id}`}>
      {page.t('kits.kit.sourceLink')}
    </a>
  );
}

function KitSections({
  page,
  kit,
  contentLanguage,
  withSources,
}: {
  page: PageContext;
  kit: KitDocument;
  contentLanguage: 'fr' | 'en';
  withSources: boolean;
}) {
  const { t } = page;
  return (
    <>
      {kitSectionKeys.map((key) => (
        <section class="kit-section" aria-labelledby={`section-${key}`}>
          <h2 id={`section-${key}`}>{sectionTitle(page, key)}</h2>
          <ul class="fact-list" lang={contentLang(page, contentLanguage)}>
            {kit.sections[key].map((fact) => (
              <li>
                {fact[contentLanguage]} {withSources && <SourceLink page={page} kit={kit} id={fact.source} />}
              </li>
            ))}
          </ul>
          {key === 'emergency' && (
            <>
              <h3>{t('kits.kit.allNumbers')}</h3>
              <ul class="phone-list" lang={contentLang(page, contentLanguage)}>
                {kit.phones.map((phone) => (
                  <li>
                    <a href={telephoneHref(phone.number, kit.countryCode)}>{phone.number}</a> — {phone.label[contentLanguage]}
                  </li>
                ))}
              </ul>
              <h3>{t('kits.kit.consulate')}</h3>
              <dl class="facts">
                <dt>{t('common.name')}</dt>
                <dd lang={contentLang(page, contentLanguage)}>{kit.consulate.name[contentLanguage]}</dd>
                <dt>{t('kits.kit.address')}</dt>
                <dd>{kit.consulate.address}</dd>
                {kit.consulate.phone && (
                  <>
                    <dt>{t('kits.kit.phone')}</dt>
                    <dd>
                      <a href={telephoneHref(kit.consulate.phone, kit.countryCode)}>{kit.consulate.phone}</a>
                    </dd>
                  </>
                )}
                <dt>{t('kits.kit.website')}</dt>
                <dd>
                  <a href={kit.consulate.website} rel="noopener noreferrer">
                    {kit.consulate.website}
                  </a>
                </dd>
              </dl>
            </>
          )}
        </section>
      ))}
    </>
  );
}

function KeyPhrases({ page, kit, contentLanguage }: { page: PageContext; kit: KitDocument; contentLanguage: 'fr' | 'en' }) {
  const { t } = page;
  return (
    <section class="kit-section" aria-labelledby="key-phrases">
      <h2 id="key-phrases">{t('kits.kit.keyPhrases')}</h2>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="key-phrases">
        <table class="phrase-table">
          <thead>
            <tr>
              <th scope="col">{t('kits.kit.phrase')}</th>
              <th scope="col">{t('kits.kit.pronunciation')}</th>
              <th scope="col">{t('kits.kit.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {kit.keyPhrases.map((phrase) => (
              <tr>
                <td lang={kit.localLanguage}>
                  <strong>{phrase.local}</strong>
                </td>
                <td>{phrase.pronunciation}</td>
                <td lang={contentLanguage}>{phrase[contentLanguage]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Position({ page, kit, contentLanguage }: { page: PageContext; kit: KitDocument; contentLanguage: 'fr' | 'en' }) {
  const { t, language } = page;
  const map = kitMap(kit.countryCode, kit.latitude, kit.longitude);
  const country = countryName(language, kit.countryCode);
  const city = kit.name[contentLanguage];
  const coordinate = (value: number, positive: string, negative: string) =>
    `${formatNumber(language, Math.abs(Number(value.toFixed(3))))}° ${value >= 0 ? positive : negative}`;
  return (
    <section class="kit-section" aria-labelledby="position">
      <h2 id="position">{t('kits.kit.position')}</h2>
      <p>
        {t('kits.kit.positionText', {
          city,
          region: kit.region[contentLanguage],
          country,
          latitude: coordinate(kit.latitude, 'N', 'S'),
          longitude: coordinate(kit.longitude, 'E', 'W'),
        })}
      </p>
      {map && (
        <svg
          class="kit-map"
          viewBox={map.viewBox}
          width={map.width}
          height={map.height}
          role="img"
          aria-label={t('kits.kit.mapLabel', { country, city })}
        >
          <path d={map.path} class="kit-map-land" />
          <circle cx={map.point.x} cy={map.point.y} r="7" class="kit-map-city" />
        </svg>
      )}
    </section>
  );
}

function Sources({ page, kit }: { page: PageContext; kit: KitDocument }) {
  const { t, language } = page;
  return (
    <section class="kit-section" aria-labelledby="sources">
      <h2 id="sources">{t('kits.kit.sources')}</h2>
      <ol class="source-list">
        {kit.sources.map((source) => (
          <li id={`source-${source.id}`}>
            <a href={source.url} rel="noopener noreferrer">
              {source.title}
            </a>{' '}
            — {source.publisher}, {t('kits.kit.sourceChecked', { date: formatDate(language, source.checked) })}
          </li>
        ))}
      </ol>
    </section>
  );
}

function CorrectionForm({
  page,
  kit,
  contentLanguage,
  values,
  errors,
}: {
  page: PageContext;
  kit: KitDocument;
  contentLanguage: 'fr' | 'en';
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { t } = page;
  const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
  const error = errors?.['target'];
  return (
    <section class="panel" aria-labelledby="correction">
      <h2 id="correction">{t('kits.correction.title')}</h2>
      <p>{t('kits.correction.intro')}</p>
      <form method="post" action={`/kits/${kit.slug}/corrections`} novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="field-target">{t('kits.correction.target')}</label>
          {error && (
            <p class="error-message" id="error-target">
              {t(error)}
            </p>
          )}
          <select
            id="field-target"
            name="target"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'error-target' : undefined}
          >
            <option value="">—</option>
            {kitSectionKeys.map((key) => (
              <optgroup label={sectionTitle(page, key)}>
                <option value={`${key}:new`} selected={values?.['target'] === `${key}:new`}>
                  {t('kits.correction.addTo')}
                </option>
                {kit.sections[key].map((fact, index) => (
                  <option value={`${key}:${index}`} selected={values?.['target'] === `${key}:${index}`}>
                    {t('kits.correction.replace', { text: shorten(fact[contentLanguage]) })}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <TextArea page={page} name="proposedTextFr" label={t('kits.correction.proposedTextFr')} values={values} errors={errors} lang="fr" />
        <TextArea page={page} name="proposedTextEn" label={t('kits.correction.proposedTextEn')} values={values} errors={errors} lang="en" />
        <TextField
          page={page}
          name="sourceUrl"
          type="url"
          label={t('kits.correction.sourceUrl')}
          hint={t('kits.correction.sourceUrlHint')}
          values={values}
          errors={errors}
          required
          inputmode="url"
        />
        <TextArea page={page} name="reason" label={t('kits.correction.reason')} values={values} errors={errors} />
        <button type="submit">{t('kits.correction.submit')}</button>
      </form>
    </section>
  );
}

function TextArea({
  page,
  name,
  label,
  values,
  errors,
  lang,
}: {
  page: PageContext;
  name: string;
  label: string;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  lang?: string;
}) {
  const error = errors?.[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      {error && (
        <p class="error-message" id={`error-${name}`}>
          {page.t(error)}
        </p>
      )}
      <textarea
        id={`field-${name}`}
        name={name}
        rows={4}
        maxlength={1000}
        required
        lang={lang}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `error-${name}` : undefined}
      >
        {values?.[name] ?? ''}
      </textarea>
    </div>
  );
}

async function KitPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t, language } = page;
  const kit = await service.kitBySlug(c.get('deps').db, c.req.param('slug')!);
  const content = kit.content;
  const contentLanguage = contentLanguageOf(language);
  const city = content.name[contentLanguage];
  const country = countryName(language, content.countryCode);
  const canPropose = canOnKits(page.viewer, 'proposeCorrection');
  const toc: [string, string][] = [
    ...kitSectionKeys.map((key): [string, string] => [`section-${key}`, sectionTitle(page, key)]),
    ['key-phrases', t('kits.kit.keyPhrases')],
    ['position', t('kits.kit.position')],
    ['sources', t('kits.kit.sources')],
  ];
  if (canPropose) toc.push(['correction', t('kits.correction.title')]);
  return (
    <Layout page={page} title={city} scripts={['/static/offline.js']}>
      <link rel="manifest" href="/manifest.webmanifest" />
      <link rel="stylesheet" href="/static/kits.css" />
      <article class="kit" data-offline-urls={offlineUrlsOf(kit.slug).join(' ')}>
        <p class="breadcrumb">
          <a href="/kits">{t('kits.kit.backToIndex')}</a>
        </p>
        <h1>{city}</h1>
        <p class="lead">{t('kits.kit.subtitle', { region: content.region[contentLanguage], country })}</p>
        <p
          class="offline-status"
          role="status"
          hidden
          data-offline-status
          data-template={t('kits.offline.available', { date: '{date}' })}
          data-language={language}
        >
          {t('kits.offline.available', { date: formatDate(language, kit.updatedAt) })}
        </p>
        {contentLanguage !== language && <p>{t('kits.kit.contentLanguage')}</p>}
        <EmergencyNumbers page={page} kit={content} contentLanguage={contentLanguage} />
        <nav aria-labelledby="kit-toc" class="kit-toc">
          <h2 id="kit-toc">{t('kits.kit.toc')}</h2>
          <ol>
            {toc.map(([id, label]) => (
              <li>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ol>
          <ul class="inline-list">
            <li>
              <a href={`/kits/${kit.slug}/print`}>{t('kits.kit.print')}</a>
            </li>
            <li>
              <a href={`/kits/${kit.slug}.pdf`}>{t('kits.kit.pdf')}</a>
            </li>
            <li>
              <a href={`/kits/${kit.slug}/history`}>{t('kits.kit.history')}</a>
            </li>
          </ul>
        </nav>
        <KitSections page={page} kit={content} contentLanguage={contentLanguage} withSources />
        <KeyPhrases page={page} kit={content} contentLanguage={contentLanguage} />
        <Position page={page} kit={content} contentLanguage={contentLanguage} />
        <Sources page={page} kit={content} />
        <p>
          <strong>{t('kits.kit.lastReviewed', { date: formatDate(language, content.lastReviewed) })}</strong> ·{' '}
          {t('kits.kit.version', { version: kit.version })}
        </p>
      </article>
      {canPropose && <CorrectionForm page={page} kit={content} contentLanguage={contentLanguage} values={values} errors={errors} />}
    </Layout>
  );
}

kitRoutes.get('/kits/:slug', async (c) => {
  const slug = c.req.param('slug');
  if (slug.endsWith('.pdf')) return kitPdf(c, slug.slice(0, -'.pdf'.length));
  return render(c, await KitPage({ c }));
});

/** Rendering with an embedded, subset font costs about a second: keep recent PDFs per version and language. */
const pdfCache = new Map<string, Uint8Array>();
const pdfCacheSize = 60;

async function kitPdf(c: AppContext, slug: string) {
  const kit = await service.kitBySlug(c.get('deps').db, slug);
  const t = c.get('t');
  const language = c.get('language');
  const contentLanguage = contentLanguageOf(language);
  const content = kit.content;
  const city = content.name[contentLanguage];
  const cacheKey = `${kit.id}:${kit.version}:${language}`;
  const bytes =
    pdfCache.get(cacheKey) ??
    (await renderKitPdf(content, contentLanguage, {
      title: city,
      subtitle: t('kits.kit.subtitle', { region: content.region[contentLanguage], country: countryName(language, content.countryCode) }),
      emergencyNumbers: t('kits.kit.emergencyNumbers'),
      sections: kitSectionKeys.map((key) => ({ key, title: t(`kits.section.${key}`) })),
      consulate: t('kits.kit.consulate'),
      keyPhrases: t('kits.kit.keyPhrases'),
      position: t('kits.kit.position'),
      sources: t('kits.kit.sources'),
      checked: (date) => t('kits.kit.sourceChecked', { date: formatDate(language, date) }),
      lastReviewed: t('kits.kit.lastReviewed', { date: formatDate(language, content.lastReviewed) }),
      version: t('kits.kit.version', { version: kit.version }),
      footer: (pageNumber, total) => t('kits.pdf.footer', { city, page: pageNumber, total }),
    }));
  pdfCache.delete(cacheKey);
  pdfCache.set(cacheKey, bytes);
  if (pdfCache.size > pdfCacheSize) pdfCache.delete(pdfCache.keys().next().value!);
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${kit.slug}.pdf"`,
    'Cache-Control': 'no-cache',
  });
}

kitRoutes.get('/kits/:slug/print', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const kit = await service.kitBySlug(c.get('deps').db, c.req.param('slug'));
  const content = kit.content;
  const contentLanguage = contentLanguageOf(language);
  const city = content.name[contentLanguage];
  return render(
    c,
    <Layout page={page} title={t('kits.print.title', { city })}>
      <link rel="stylesheet" href="/static/kits.css" />
      <article class="kit kit-print">
        <p class="no-print">
          <a href={`/kits/${kit.slug}`}>{t('kits.print.back')}</a> · {t('kits.print.hint')} ·{' '}
          <a href={`/kits/${kit.slug}.pdf`}>{t('kits.kit.pdf')}</a>
        </p>
        <h1>{city}</h1>
        <p class="lead">
          {t('kits.kit.subtitle', { region: content.region[contentLanguage], country: countryName(language, content.countryCode) })}
        </p>
        <EmergencyNumbers page={page} kit={content} contentLanguage={contentLanguage} />
        <KitSections page={page} kit={content} contentLanguage={contentLanguage} withSources={false} />
        <KeyPhrases page={page} kit={content} contentLanguage={contentLanguage} />
        <Position page={page} kit={content} contentLanguage={contentLanguage} />
        <Sources page={page} kit={content} />
        <p>
          <strong>{t('kits.kit.lastReviewed', { date: formatDate(language, content.lastReviewed) })}</strong> ·{' '}
          {t('kits.kit.version', { version: kit.version })}
        </p>
      </article>
    </Layout>,
  );
});

kitRoutes.get('/kits/:slug/history', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const db = c.get('deps').db;
  const kit = await service.kitBySlug(db, c.req.param('slug'));
  const versions = await repository.listKitVersions(db, kit.id);
  const city = kit.content.name[contentLanguageOf(language)];
  return render(
    c,
    <Layout page={page} title={t('kits.history.title', { city })}>
      <p class="breadcrumb">
        <a href={`/kits/${kit.slug}`}>{city}</a>
      </p>
      <h1>{t('kits.history.title', { city })}</h1>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="history-caption">
        <table>
          <caption id="history-caption" class="visually-hidden">
            {t('kits.history.title', { city })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('kits.history.version')}</th>
              <th scope="col">{t('kits.history.date')}</th>
              <th scope="col">{t('kits.history.change')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr>
                <td>{version.version}</td>
                <td>{formatDateTime(language, version.createdAt)}</td>
                <td>
                  {version.origin === 'correction' ? (
                    <>
                      {t('kits.history.origin.correction', {
                        section: sectionTitle(page, version.correctionSection as KitSectionKey),
                        reason: version.correctionReason ?? '',
                      })}{' '}
                      {version.correctionSourceUrl && (
                        <a href={version.correctionSourceUrl} rel="noopener noreferrer">
                          {t('kits.kit.sourceLink')}
                        </a>
                      )}
                    </>
                  ) : (
                    t('kits.history.origin.content', { count: version.sourceCount })
                  )}
                  {' · '}
                  {t('kits.kit.lastReviewed', { date: formatDate(language, version.lastReviewed) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
});

kitRoutes.post('/kits/:slug/corrections', requireViewer, async (c) => {
  const viewer = c.get('viewer')!;
  if (!canOnKits(viewer, 'proposeCorrection')) throw new AppError('not_found');
  const slug = c.req.param('slug');
  const form = await parseForm(c, correctionSchema);
  if (!form.isValid) return render(c, await KitPage({ c, values: form.values, errors: form.errors }), 400);
  try {
    await service.proposeCorrection(c.get('deps').db, actorOf(c), slug, form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return render(c, await KitPage({ c, values: form.values, errors: error.fields as FormErrors }), 400);
    throw error;
  }
  return c.redirect(`/kits/${slug}?notice=kits.correction.sent#correction`, 303);
});

kitRoutes.use('/kit-corrections', requireViewer, staffLanguage);
kitRoutes.use('/kit-corrections/*', requireViewer, staffLanguage);

async function ReviewPage({
  c,
  rejectErrors,
  conflict,
}: {
  c: AppContext;
  rejectErrors?: { id: string; errors: FormErrors; values: FormValues };
  conflict?: MessageKey;
}) {
  const page = pageContext(c);
  const { t, language } = page;
  const db = c.get('deps').db;
  const contentLanguage = contentLanguageOf(language);
  const [proposed, approved, rejected] = await Promise.all([
    repository.listCorrections(db, 'proposed', 100),
    repository.listCorrections(db, 'approved', 10),
    repository.listCorrections(db, 'rejected', 10),
  ]);
  const kitsBySlug = new Map<string, KitDocument>();
  for (const row of proposed)
    if (!kitsBySlug.has(row.kitSlug)) kitsBySlug.set(row.kitSlug, (await service.kitBySlug(db, row.kitSlug)).content);
  const recent = [...approved, ...rejected]
    .sort((a, b) => (b.correction.reviewedAt?.getTime() ?? 0) - (a.correction.reviewedAt?.getTime() ?? 0))
    .slice(0, 10);
  return (
    <Layout page={page} title={t('kits.review.title')}>
      <link rel="stylesheet" href="/static/kits.css" />
      <h1>{t('kits.review.title')}</h1>
      {conflict && (
        <p class="error-summary" role="alert">
          {t(conflict)}
        </p>
      )}
      {proposed.length === 0 && <p>{t('kits.review.none')}</p>}
      {proposed.map(({ correction, kitSlug, kitName, proposerGivenName, proposerFamilyName }) => {
        const kit = kitsBySlug.get(kitSlug)!;
        const section = correction.section as KitSectionKey;
        const current = correction.factIndex === null ? null : kit.sections[section]?.[correction.factIndex];
        const errors = rejectErrors?.id === correction.id ? rejectErrors.errors : undefined;
        const headingId = `correction-${correction.id}`;
        return (
          <section class="panel" aria-labelledby={headingId}>
            <h2 id={headingId}>
              <a href={`/kits/${kitSlug}`}>{kitName[contentLanguage]}</a> — {sectionTitle(page, section)}
            </h2>
            <p class="hint">
              {t('kits.review.proposedBy', {
                name: `${proposerGivenName ?? ''} ${proposerFamilyName ?? ''}`.trim() || '—',
                date: formatDateTime(language, correction.createdAt),
              })}
            </p>
            <dl class="facts">
              <dt>{t('kits.review.current')}</dt>
              <dd>{current ? `${current.fr} / ${current.en}` : t('kits.review.newFact')}</dd>
              <dt>{t('kits.review.proposed')}</dt>
              <dd>
                <span lang="fr">{correction.proposedTextFr}</span> / <span lang="en">{correction.proposedTextEn}</span>
              </dd>
              <dt>{t('kits.correction.sourceUrl')}</dt>
              <dd>
                <a href={correction.sourceUrl} rel="noopener noreferrer">
                  {correction.sourceUrl}
                </a>
              </dd>
              <dt>{t('kits.correction.reason')}</dt>
              <dd>{correction.reason}</dd>
            </dl>
            <form method="post" action={`/kit-corrections/${correction.id}/approve`} class="inline-form">
              <CsrfField page={page} />
              <button type="submit">{t('kits.review.approve')}</button>
            </form>
            <form method="post" action={`/kit-corrections/${correction.id}/reject`}>
              <CsrfField page={page} />
              <ErrorSummary page={page} errors={errors} />
              <div class={errors?.['rejectionReason'] ? 'field field-error' : 'field'}>
                <label for={`field-rejectionReason-${correction.id}`}>{t('kits.review.rejectionReason')}</label>
                {errors?.['rejectionReason'] && (
                  <p class="error-message" id={`error-rejectionReason-${correction.id}`}>
                    {t(errors['rejectionReason'])}
                  </p>
                )}
                <textarea
                  id={`field-rejectionReason-${correction.id}`}
                  name="rejectionReason"
                  rows={2}
                  maxlength={1000}
                  aria-invalid={errors ? 'true' : undefined}
                >
                  {rejectErrors?.id === correction.id ? (rejectErrors.values['rejectionReason'] ?? '') : ''}
                </textarea>
              </div>
              <button type="submit" class="button-quiet">
                {t('kits.review.reject')}
              </button>
            </form>
          </section>
        );
      })}
      {recent.length > 0 && (
        <section class="panel" aria-labelledby="recent-reviews">
          <h2 id="recent-reviews">{t('kits.review.recent')}</h2>
          <ul class="plain-list">
            {recent.map(({ correction, kitSlug, kitName }) => (
              <li>
                <a href={`/kits/${kitSlug}/history`}>{kitName[contentLanguage]}</a> —{' '}
                {sectionTitle(page, correction.section as KitSectionKey)}:{' '}
                {correction.status === 'approved'
                  ? t('kits.review.status.approved', { version: correction.resultingVersion ?? '' })
                  : t('kits.review.status.rejected', { reason: correction.rejectionReason ?? '' })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

kitRoutes.get('/kit-corrections', async (c) => {
  if (!canOnKits(c.get('viewer'), 'reviewCorrection')) throw new AppError('not_found');
  return render(c, await ReviewPage({ c }));
});

/** A decision that lost a race or came too late re-renders the list with why (409). */
async function reviewConflict(c: AppContext, error: unknown) {
  if (error instanceof AppError && error.code === 'conflict' && isNoticeKey(error.message))
    return render(c, await ReviewPage({ c, conflict: error.message }), 409);
  throw error;
}

kitRoutes.post('/kit-corrections/:id/approve', async (c) => {
  try {
    await service.approveCorrection(c.get('deps').db, actorOf(c), c.req.param('id'));
  } catch (error) {
    return reviewConflict(c, error);
  }
  return c.redirect('/kit-corrections?notice=kits.review.approved', 303);
});

kitRoutes.post('/kit-corrections/:id/reject', async (c) => {
  const id = c.req.param('id');
  if (!canOnKits(c.get('viewer'), 'reviewCorrection')) throw new AppError('not_found');
  const form = await parseForm(c, rejectionSchema);
  if (!form.isValid) return render(c, await ReviewPage({ c, rejectErrors: { id, errors: form.errors, values: form.values } }), 400);
  try {
    await service.rejectCorrection(c.get('deps').db, actorOf(c), id, form.data.rejectionReason);
  } catch (error) {
    return reviewConflict(c, error);
  }
  return c.redirect('/kit-corrections?notice=kits.review.rejected', 303);
});
