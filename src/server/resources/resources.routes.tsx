import path from 'node:path';
import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { Pagination } from '../../ui/pagination.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatNumber } from '../../shared/format.js';
import { languageNames } from '../../shared/i18n/languages.js';
import { resourceAudiences, resourceKinds, resourceLanguages, resourcePhases, resourceTopics } from '../db/schema/index.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { directoryStorage } from '../learning/file-storage.js';
import { renderMarkdown } from '../learning/markdown.js';
import { resourceSchema, resourceSearchQuery } from './resources.schema.js';
import * as service from './resources.service.js';

export const resourceRoutes = new Hono<AppEnv>();
resourceRoutes.use('/resources/new', requireViewer, staffLanguage);

/** Resource files live under DATA_DIR/files/resources, beside learning uploads, behind the same interface an S3-compatible store can implement. */
const resourceStorage = (c: AppContext) => directoryStorage(path.join(c.get('deps').config.dataDirectory, 'files'));

const audienceOptions = (page: PageContext) => resourceAudiences.map((value) => ({ value, label: page.t(`resources.audience.${value}`) }));
const phaseOptions = (page: PageContext) => resourcePhases.map((value) => ({ value, label: page.t(`resources.phase.${value}`) }));
const topicOptions = (page: PageContext) => resourceTopics.map((value) => ({ value, label: page.t(`resources.topic.${value}`) }));
const languageOptions = resourceLanguages.map((value) => ({ value, label: languageNames[value] }));

resourceRoutes.get('/resources', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const filter = resourceSearchQuery.parse(c.req.query());
  const { rows, total } = await service.searchLibrary(c.get('deps').db, page.viewer, filter);
  const values: FormValues = {
    q: filter.q,
    audience: filter.audience,
    phase: filter.phase,
    topic: filter.topic,
    language: filter.language,
  };
  const canPublish = page.viewer ? service.publishersOf(page.viewer).length > 0 : false;
  return render(
    c,
    <Layout page={page} title={t('resources.title')}>
      <h1>{t('resources.title')}</h1>
      <p>{t('resources.intro')}</p>
      {canPublish && (
        <p>
          <a href="/resources/new">{t('resources.publish')}</a>
        </p>
      )}
      <form method="get" action="/resources" role="search" class="resource-search">
        <TextField page={page} name="q" type="search" label={t('resources.search.query')} values={values} maxlength={200} />
        <div class="filter-grid">
          <SelectField page={page} name="audience" label={t('resources.field.audience')} values={values} options={audienceOptions(page)} />
          <SelectField page={page} name="phase" label={t('resources.field.phase')} values={values} options={phaseOptions(page)} />
          <SelectField page={page} name="topic" label={t('resources.field.topic')} values={values} options={topicOptions(page)} />
          <SelectField page={page} name="language" label={t('resources.field.language')} values={values} options={languageOptions} />
        </div>
        {filter.tag && <input type="hidden" name="tag" value={filter.tag} />}
        <button type="submit">{t('resources.search.submit')}</button>
      </form>
      <p role="status">{t('resources.search.count', { count: formatNumber(language, total) })}</p>
      <ul class="plain-list resource-list">
        {rows.map((row) => (
          <li class="card">
            <h2 lang={row.language === language ? undefined : row.language}>
              <a href={`/resources/${row.id}`}>{row.title}</a>
            </h2>
            <p lang={row.language === language ? undefined : row.language}>{row.summary}</p>
            <p class="hint">
              {[
                t(`resources.kind.${row.kind}`),
                languageNames[row.language],
                t(`resources.audience.${row.audience}`),
                row.phase ? t(`resources.phase.${row.phase}`) : null,
                t(`resources.topic.${row.topic}`),
                row.publisher,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ul>
      <Pagination
        page={page}
        current={filter.page}
        total={total}
        pageSize={service.resourcePageSize}
        query={{ ...values, tag: filter.tag }}
      />
    </Layout>,
  );
});

async function newResourceView(c: AppContext, values?: FormValues, errors?: FormErrors, status: 200 | 400 | 413 = 200) {
  const page = pageContext(c);
  const { t, language } = page;
  const publishers = service.publishersOf(page.viewer!);
  if (publishers.length === 0) throw new AppError('not_found');
  const maximum = formatNumber(language, Math.round((service.maximumResourceBytes / 1024 / 1024) * 10) / 10);
  return render(
    c,
    <Layout page={page} title={t('resources.new.title')}>
      <p class="breadcrumb">
        <a href="/resources">{t('resources.title')}</a>
      </p>
      <h1>{t('resources.new.title')}</h1>
      <form method="post" action="/resources" enctype="multipart/form-data" novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <SelectField
          page={page}
          name="publisher"
          label={t('resources.field.publisher')}
          values={values}
          errors={errors}
          required
          options={publishers}
        />
        <SelectField
          page={page}
          name="kind"
          label={t('resources.field.kind')}
          values={values}
          errors={errors}
          required
          options={resourceKinds.map((value) => ({ value, label: t(`resources.kind.${value}`) }))}
        />
        <TextField page={page} name="title" label={t('resources.field.title')} values={values} errors={errors} required maxlength={200} />
        <LongTextField
          page={page}
          name="summary"
          label={t('resources.field.summary')}
          values={values}
          errors={errors}
          required
          maxlength={1000}
          rows={3}
        />
        <SelectField
          page={page}
          name="language"
          label={t('resources.field.language')}
          values={values}
          errors={errors}
          required
          options={languageOptions}
        />
        <SelectField
          page={page}
          name="audience"
          label={t('resources.field.audience')}
          values={values}
          errors={errors}
          required
          options={audienceOptions(page)}
        />
        <SelectField
          page={page}
          name="phase"
          label={t('resources.field.phase')}
          values={values}
          errors={errors}
          options={phaseOptions(page)}
        />
        <SelectField
          page={page}
          name="topic"
          label={t('resources.field.topic')}
          values={values}
          errors={errors}
          required
          options={topicOptions(page)}
        />
        <TextField
          page={page}
          name="tags"
          label={t('resources.field.tags')}
          hint={t('resources.field.tagsHint')}
          values={values}
          errors={errors}
          maxlength={300}
        />
        <TextField
          page={page}
          name="url"
          type="url"
          label={t('resources.field.url')}
          hint={t('resources.field.urlHint')}
          values={values}
          errors={errors}
          inputmode="url"
        />
        <LongTextField
          page={page}
          name="body"
          label={t('resources.field.body')}
          hint={t('resources.field.bodyHint')}
          values={values}
          errors={errors}
          maxlength={50_000}
          rows={10}
        />
        <div class={errors?.['file'] ? 'field field-error' : 'field'}>
          <label for="field-file">{t('resources.field.file')}</label>
          <p class="hint" id="hint-file">
            {t('resources.field.fileHint', { size: maximum })}
          </p>
          {errors?.['file'] && (
            <p class="error-message" id="error-file">
              {t(errors['file'])}
            </p>
          )}
          <input
            type="file"
            id="field-file"
            name="file"
            accept=".pdf,.docx,.odt"
            aria-describedby={errors?.['file'] ? 'hint-file error-file' : 'hint-file'}
          />
        </div>
        <button type="submit">{t('resources.new.submit')}</button>
      </form>
    </Layout>,
    status,
  );
}

resourceRoutes.get('/resources/new', (c) => newResourceView(c));

resourceRoutes.post('/resources', requireViewer, staffLanguage, async (c) => {
  const form = await parseForm(c, resourceSchema);
  if (!form.isValid) return newResourceView(c, form.values, form.errors, 400);
  const upload = (await c.req.parseBody())['file'];
  const file =
    upload instanceof File && upload.size > 0
      ? { name: upload.name, type: upload.type, bytes: new Uint8Array(await upload.arrayBuffer()) }
      : undefined;
  try {
    const resource = await service.publishResource(c.get('deps').db, resourceStorage(c), actorOf(c), form.data, file);
    return c.redirect(`/resources/${resource.id}?notice=resources.new.published`, 303);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'payload_too_large' || error.code === 'invalid_input') && error.fields['file']) {
      return newResourceView(
        c,
        form.values,
        { file: error.fields['file'] as FormErrors[string] },
        error.code === 'payload_too_large' ? 413 : 400,
      );
    }
    throw error;
  }
});

resourceRoutes.get('/resources/:resourceId', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const { resource, organisationName, networkName } = await service.resourceFor(c.get('deps').db, page.viewer, c.req.param('resourceId'));
  const contentLang = resource.language === language ? undefined : resource.language;
  return render(
    c,
    <Layout page={page} title={resource.title}>
      <p class="breadcrumb">
        <a href="/resources">{t('resources.title')}</a>
      </p>
      <h1 lang={contentLang}>{resource.title}</h1>
      <p lang={contentLang}>{resource.summary}</p>
      <dl class="facts">
        <dt>{t('resources.field.publisher')}</dt>
        <dd>{organisationName ?? networkName ?? resource.publisher ?? '—'}</dd>
        <dt>{t('resources.field.language')}</dt>
        <dd>{languageNames[resource.language]}</dd>
        <dt>{t('resources.field.audience')}</dt>
        <dd>{t(`resources.audience.${resource.audience}`)}</dd>
        {resource.phase && (
          <>
            <dt>{t('resources.field.phase')}</dt>
            <dd>{t(`resources.phase.${resource.phase}`)}</dd>
          </>
        )}
        <dt>{t('resources.field.topic')}</dt>
        <dd>{t(`resources.topic.${resource.topic}`)}</dd>
        {resource.tags.length > 0 && (
          <>
            <dt>{t('resources.field.tags')}</dt>
            <dd>
              <ul class="inline-list">
                {resource.tags.map((tag) => (
                  <li>
                    <a href={`/resources?tag=${encodeURIComponent(tag)}`}>{tag}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {resource.kind === 'link' && resource.url && (
        <p>
          <a href={resource.url} rel="noopener noreferrer" class="button">
            {t('resources.open')}
          </a>{' '}
          <span class="hint">{new URL(resource.url).hostname}</span>
        </p>
      )}
      {resource.kind === 'file' && (
        <p>
          <a href={`/resources/${resource.id}/file`} class="button">
            {t('resources.download', { name: resource.fileName ?? '' })}
          </a>
        </p>
      )}
      {resource.kind === 'page' && resource.body && (
        <div class="lesson-body" lang={contentLang} dangerouslySetInnerHTML={{ __html: renderMarkdown(resource.body) }} />
      )}
    </Layout>,
  );
});

resourceRoutes.get('/resources/:resourceId/file', async (c) => {
  const { resource } = await service.resourceFor(c.get('deps').db, c.get('viewer'), c.req.param('resourceId'));
  const bytes = resource.storageKey ? await resourceStorage(c).get(resource.storageKey) : undefined;
  if (!bytes || !resource.contentType) throw new AppError('not_found');
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': resource.contentType,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(resource.fileName ?? 'file')}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': resource.audience === 'public' ? 'public, max-age=3600' : 'no-store',
  });
});
