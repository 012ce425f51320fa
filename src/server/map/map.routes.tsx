import { Hono } from 'hono';
import { pageContext } from '../../ui/page-context.js';
import type { FormErrors, FormValues } from '../../ui/forms.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { europeBasemap } from './basemap.js';
import { directorySnapshot, parseDirectoryFilter } from './directory-index.js';
import { contactSchema, hostEntrySchema, proposeHostSchema, replySchema, reportSchema, ambassadorSchema } from './map.schema.js';
import * as service from './map.service.js';
import { listMessagesOf } from './map.repository.js';
import { AlumnusEntryPage, HostEntryForm, HostEntryPage, MapPage } from './map.pages.js';
import { AmbassadorPage, GuardianPage, InboxPage, MessagePage, ReviewPage, ambassadorValues } from './map-people.pages.js';

export const mapRoutes = new Hono<AppEnv>();

const pageNumber = (value: string | undefined) => Math.min(Math.max(Number.parseInt(value ?? '1', 10) || 1, 1), 100_000);

mapRoutes.get('/map', async (c) => {
  const filter = parseDirectoryFilter(c.req.query());
  const snapshot = await directorySnapshot(c.get('deps').db);
  return render(
    c,
    <MapPage
      page={pageContext(c)}
      filter={filter}
      results={snapshot.search(filter)}
      all={snapshot.points}
      current={pageNumber(c.req.query('page'))}
    />,
  );
});

/** The offline basemap, built once per process and sent gzipped to browsers that accept it. */
mapRoutes.get('/map/basemap.geojson', (c) => {
  const basemap = europeBasemap();
  const acceptsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    'Content-Type': 'application/geo+json',
    'Cache-Control': 'public, max-age=86400',
    Vary: 'Accept-Encoding',
  };
  if (acceptsGzip) headers['Content-Encoding'] = 'gzip';
  return c.body(new Uint8Array(acceptsGzip ? basemap.gzipped : basemap.body), 200, headers);
});

// Signed-in pages under /map; the map, the entries and the basemap stay public.
for (const path of [
  '/map/inbox',
  '/map/messages/*',
  '/map/hosts/new',
  '/map/hosts/:slug/edit',
  '/map/hosts/:slug/confirm',
  '/map/hosts/:slug/contact',
  '/map/alumni/:slug/contact',
  '/map/review',
  '/map/review/*',
  '/map/ambassador',
  '/map/ambassador/*',
  '/map/guardian',
  '/map/guardian/*',
]) {
  mapRoutes.use(path, requireViewer);
}

type FormState = { values?: FormValues; errors?: FormErrors };

async function renderHost(c: AppContext, form?: FormState, status: 400 | 200 = 200) {
  const entry = await service.hostEntry(c.get('deps').db, c.get('viewer'), c.req.param('slug')!);
  return render(c, <HostEntryPage page={pageContext(c)} entry={entry} form={form} />, status);
}

async function renderAlumnus(c: AppContext, form?: FormState, status: 400 | 200 = 200) {
  const entry = await service.alumnusEntry(c.get('deps').db, c.get('viewer'), c.req.param('slug')!);
  return render(c, <AlumnusEntryPage page={pageContext(c)} entry={entry} form={form} />, status);
}

async function proposeForm(c: AppContext, form: FormState = {}, status: 400 | 200 = 200) {
  const organisations = await service.proposableOrganisations(c.get('deps').db, c.get('viewer')!);
  const page = pageContext(c);
  return render(
    c,
    <HostEntryForm
      page={page}
      title={page.t('map.edit.proposeTitle')}
      action="/map/hosts/new"
      organisations={organisations}
      values={form.values ?? { locationPrecision: 'city', typicalDurations: 'short' }}
      errors={form.errors}
    />,
    status,
  );
}

mapRoutes.get('/map/hosts/new', (c) => proposeForm(c));
mapRoutes.post('/map/hosts/new', async (c) => {
  const form = await parseForm(c, proposeHostSchema);
  if (!form.isValid) return proposeForm(c, form, 400);
  const host = await service.proposeHost(c.get('deps').db, actorOf(c), form.data);
  return c.redirect(`/map/hosts/${host.slug}?notice=map.edit.proposed`, 303);
});

mapRoutes.get('/map/hosts/:slug', (c) => renderHost(c));
mapRoutes.get('/map/alumni/:slug', (c) => renderAlumnus(c));

async function editForm(c: AppContext, form?: FormState, status: 400 | 200 = 200) {
  const entry = await service.hostEntry(c.get('deps').db, c.get('viewer'), c.req.param('slug')!);
  if (!entry.mayEdit) throw notFound();
  const values = form?.values ?? {
    descriptionFr: entry.host.description['fr'] ?? '',
    descriptionEn: entry.host.description.en,
    typicalDurations: entry.host.typicalDurations.join(','),
    locationPrecision: entry.host.locationPrecision,
  };
  const page = pageContext(c);
  return render(
    c,
    <HostEntryForm
      page={page}
      title={page.t('map.edit.title')}
      action={`/map/hosts/${entry.host.slug}/edit`}
      values={values}
      errors={form?.errors}
      existing={{ organisationId: entry.host.organisationId, slug: entry.host.slug }}
    />,
    status,
  );
}

mapRoutes.get('/map/hosts/:slug/edit', (c) => editForm(c));
mapRoutes.post('/map/hosts/:slug/edit', async (c) => {
  const form = await parseForm(c, hostEntrySchema);
  if (!form.isValid) return editForm(c, form, 400);
  await service.editHostEntry(c.get('deps').db, actorOf(c), c.req.param('slug'), form.data);
  return c.redirect(`/map/hosts/${c.req.param('slug')}?notice=common.saved`, 303);
});

mapRoutes.post('/map/hosts/:slug/confirm', async (c) => {
  await service.confirmHostEntry(c.get('deps').db, actorOf(c), c.req.param('slug'));
  return c.redirect(`/map/hosts/${c.req.param('slug')}?notice=map.edit.confirmed`, 303);
});

for (const kind of ['host', 'alumnus'] as const) {
  const base = kind === 'host' ? '/map/hosts' : '/map/alumni';
  const renderEntry = kind === 'host' ? renderHost : renderAlumnus;
  mapRoutes.post(`${base}/:slug/contact`, async (c) => {
    const form = await parseForm(c, contactSchema);
    if (!form.isValid) return renderEntry(c, form, 400);
    await service.contactEntry(c.get('deps'), actorOf(c), { kind, slug: c.req.param('slug') }, form.data);
    return c.redirect(`${base}/${c.req.param('slug')}?notice=map.contact.sent`, 303);
  });
}

mapRoutes.get('/map/inbox', async (c) =>
  render(c, <InboxPage page={pageContext(c)} rows={await listMessagesOf(c.get('deps').db, c.get('viewer')!.personId)} />),
);

async function renderMessage(c: AppContext, form?: FormState, status: 400 | 200 = 200) {
  const view = await service.visibleMessage(c.get('deps').db, c.get('viewer')!, c.req.param('id')!);
  return render(c, <MessagePage page={pageContext(c)} view={view} values={form?.values} errors={form?.errors} />, status);
}

mapRoutes.get('/map/messages/:id', (c) => renderMessage(c));
mapRoutes.post('/map/messages/:id/reply', async (c) => {
  const form = await parseForm(c, replySchema);
  if (!form.isValid) return renderMessage(c, form, 400);
  await service.replyToMessage(c.get('deps'), actorOf(c), c.req.param('id'), form.data.body);
  return c.redirect(`/map/inbox?notice=map.contact.sent`, 303);
});
mapRoutes.post('/map/messages/:id/report', async (c) => {
  const form = await parseForm(c, reportSchema);
  if (!form.isValid) return renderMessage(c, form, 400);
  await service.reportMessage(c.get('deps').db, actorOf(c), c.req.param('id'), form.data.reason);
  return c.redirect(`/map/messages/${c.req.param('id')}?notice=map.message.reportedNotice`, 303);
});

mapRoutes.get('/map/review', staffLanguage, async (c) => {
  const queue = await service.reviewQueue(c.get('deps').db, c.get('viewer')!, c.get('deps').now());
  return render(c, <ReviewPage page={pageContext(c)} queue={queue} />);
});
mapRoutes.post('/map/review/:kind/:id/:decision', async (c) => {
  const kind = c.req.param('kind');
  const decision = c.req.param('decision');
  if ((kind !== 'host' && kind !== 'alumnus') || (decision !== 'publish' && decision !== 'hide')) throw new AppError('not_found');
  await service.reviewEntry(c.get('deps').db, actorOf(c), kind, c.req.param('id'), decision);
  return c.redirect(`/map/review?notice=mapCuration.done`, 303);
});

async function ambassadorForm(c: AppContext, form?: FormState, status: 400 | 200 = 200) {
  const db = c.get('deps').db;
  const alumnus = await service.ownAmbassadorProfile(db, c.get('viewer')!);
  const cities = await service.hostCityChoices(db);
  return render(
    c,
    <AmbassadorPage
      page={pageContext(c)}
      alumnus={alumnus}
      cities={cities}
      values={form?.values ?? ambassadorValues(alumnus)}
      errors={form?.errors}
    />,
    status,
  );
}

mapRoutes.get('/map/ambassador', (c) => ambassadorForm(c));
mapRoutes.post('/map/ambassador', async (c) => {
  const form = await parseForm(c, ambassadorSchema);
  if (!form.isValid) return ambassadorForm(c, form, 400);
  try {
    await service.saveAmbassadorProfile(c.get('deps').db, actorOf(c), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return ambassadorForm(c, { values: form.values, errors: error.fields as FormErrors }, 400);
    throw error;
  }
  return c.redirect('/map/ambassador?notice=map.ambassador.saved', 303);
});
mapRoutes.post('/map/ambassador/withdraw', async (c) => {
  await service.withdrawAmbassadorConsent(c.get('deps').db, actorOf(c));
  return c.redirect('/map/ambassador?notice=map.ambassador.withdrawn', 303);
});

mapRoutes.get('/map/guardian', async (c) =>
  render(c, <GuardianPage page={pageContext(c)} profiles={await service.wardsAmbassadorProfiles(c.get('deps').db, actorOf(c))} />),
);
mapRoutes.post('/map/guardian/:id/consent', async (c) => {
  await service.giveGuardianConsent(c.get('deps').db, actorOf(c), c.req.param('id'));
  return c.redirect('/map/guardian?notice=map.guardian.consented', 303);
});
mapRoutes.post('/map/guardian/:id/withdraw', async (c) => {
  await service.withdrawGuardianConsent(c.get('deps').db, actorOf(c), c.req.param('id'));
  return c.redirect('/map/guardian?notice=map.ambassador.withdrawn', 303);
});
