import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import * as repository from './organisations.repository.js';
import * as service from './organisations.service.js';
import { animatorSchema, consortiumSchema, networkSchema, organisationReferenceSchema } from './organisations.schema.js';
import { mobilityCountsBySending, projectsOfConsortium } from '../mobilities/mobilities.repository.js';
import { mobilityStatuses } from '../db/schema/index.js';

/** Consortia (a coordinator and member schools) and networks (organisations with animators). */
export const groupRoutes = new Hono<AppEnv>();
for (const prefix of ['/consortia', '/networks']) {
  groupRoutes.use(prefix, requireViewer, staffLanguage);
  groupRoutes.use(`${prefix}/*`, requireViewer, staffLanguage);
}

type OrganisationRow = { id: string; legalName: string; city: string; country: string };

function MemberTable({ page, rows, removeAction, protectedId }: { page: PageContext; rows: OrganisationRow[]; removeAction?: string; protectedId?: string }) {
  const { t } = page;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <caption class="visually-hidden">{t('consortia.members')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('organisations.field.legalName')}</th>
            <th scope="col">{t('organisations.field.city')}</th>
            {removeAction && <th scope="col">{t('common.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>{row.legalName}</td>
              <td>
                {row.city}, {countryName(page.language, row.country)}
              </td>
              {removeAction && <td>{row.id !== protectedId && <PostButton page={page} action={removeAction} hidden={{ organisationId: row.id }} label={t('common.remove')} quiet />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddOrganisationForm({ page, action, options }: { page: PageContext; action: string; options: { id: string; name: string }[] }) {
  return (
    <form method="post" action={action}>
      <CsrfField page={page} />
      <SelectField page={page} name="organisationId" label={page.t('consortia.addMember')} required options={options.map((option) => ({ value: option.id, label: option.name }))} />
      <button type="submit" class="button-small">
        {page.t('common.add')}
      </button>
    </form>
  );
}

function NewGroupPage({ page, kind, values, errors, organisations }: { page: PageContext; kind: 'consortia' | 'networks'; values: FormValues; errors?: FormErrors; organisations: { id: string; name: string }[] }) {
  const { t } = page;
  const title = kind === 'consortia' ? t('consortia.new') : t('networks.new');
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/${kind}`} novalidate>
        <CsrfField page={page} />
        <TextField page={page} name="name" label={t('common.name')} required values={values} errors={errors} />
        <TextField page={page} name="description" label={t('common.description')} values={values} errors={errors} />
        {kind === 'consortia' && (
          <SelectField page={page} name="coordinatorId" label={t('consortia.coordinator')} required values={values} errors={errors} options={organisations.map((o) => ({ value: o.id, label: o.name }))} />
        )}
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

const onlyPlatformAdmin = (c: AppContext) => {
  if (!c.get('viewer')!.isPlatformAdmin) throw new AppError('not_found');
};

groupRoutes.get('/consortia', async (c) => {
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const page = pageContext(c);
  const { t } = page;
  const coordinatorOrganisations = viewer.isPlatformAdmin ? undefined : [...new Set(viewer.memberships.map((m) => m.organisationId))];
  const rows = await repository.listConsortia(db, coordinatorOrganisations);
  return render(
    c,
    <Layout page={page} title={t('consortia.title')}>
      <h1>{t('consortia.title')}</h1>
      {viewer.isPlatformAdmin && (
        <p>
          <a class="button" href="/consortia/new">
            {t('consortia.new')}
          </a>
        </p>
      )}
      <ul class="card-list">
        {rows.map((row) => (
          <li class="card">
            <a href={`/consortia/${row.id}`}>{row.name}</a>
            <p>
              {t('consortia.coordinator')}: {row.coordinatorName} · {t('consortia.memberCount', { count: row.memberCount })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

groupRoutes.get('/consortia/new', async (c) => {
  onlyPlatformAdmin(c);
  const organisations = await repository.listAllOrganisationNames(c.get('deps').db);
  return render(c, <NewGroupPage page={pageContext(c)} kind="consortia" values={{}} organisations={organisations} />);
});

groupRoutes.post('/consortia', async (c) => {
  onlyPlatformAdmin(c);
  const db = c.get('deps').db;
  const form = await parseForm(c, consortiumSchema);
  if (!form.isValid) return render(c, <NewGroupPage page={pageContext(c)} kind="consortia" values={form.values} errors={form.errors} organisations={await repository.listAllOrganisationNames(db)} />, 400);
  const created = await service.createConsortium(db, actorOf(c), form.data);
  return c.redirect(`/consortia/${created.id}?notice=common.saved`, 303);
});

groupRoutes.get('/consortia/:id', async (c) => {
  const db = c.get('deps').db;
  const { consortium, coordinatorName, canManage } = await service.consortiumFor(db, c.get('viewer')!, c.req.param('id'));
  const members = await repository.consortiumMemberOrganisations(db, consortium.id);
  const page = pageContext(c);
  const { t } = page;
  const candidates = canManage ? (await repository.listAllOrganisationNames(db)).filter((o) => !members.some((m) => m.id === o.id)) : [];
  const [projects, counts] = await Promise.all([projectsOfConsortium(db, consortium.id), mobilityCountsBySending(db, members.map((member) => member.id))]);
  const statuses = mobilityStatuses.filter((status) => counts.some((row) => row.status === status));
  return render(
    c,
    <Layout page={page} title={consortium.name}>
      <h1>{consortium.name}</h1>
      {consortium.description && <p>{consortium.description}</p>}
      <p>
        {t('consortia.coordinator')}: <strong>{coordinatorName}</strong>
      </p>
      <Section title={t('consortia.members')}>
        <MemberTable page={page} rows={members} removeAction={canManage ? `/consortia/${consortium.id}/members/remove` : undefined} protectedId={consortium.coordinatorId} />
        {canManage && candidates.length > 0 && <AddOrganisationForm page={page} action={`/consortia/${consortium.id}/members/add`} options={candidates} />}
      </Section>
      <Section title={t('projects.title')}>
        <ul class="plain-list">
          {projects.map((project) => (
            <li>
              <a href={`/projects/${project.id}`}>{project.title}</a> — <code>{project.code}</code>
            </li>
          ))}
        </ul>
        {statuses.length > 0 && (
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption>{t('consortia.mobilitiesByMember')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('organisations.field.legalName')}</th>
                  {statuses.map((status) => (
                    <th scope="col">{t(`status.${status}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr>
                    <th scope="row">{member.legalName}</th>
                    {statuses.map((status) => (
                      <td>{counts.find((row) => row.organisationId === member.id && row.status === status)?.count ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </Layout>,
  );
});

for (const change of ['add', 'remove'] as const) {
  groupRoutes.post(`/consortia/:id/members/${change}`, async (c) => {
    const form = await parseForm(c, organisationReferenceSchema);
    if (!form.isValid) throw new AppError('invalid_input');
    await service.changeConsortiumMember(c.get('deps').db, actorOf(c), c.req.param('id'), form.data.organisationId, change);
    return c.redirect(`/consortia/${c.req.param('id')}?notice=common.saved`, 303);
  });
  groupRoutes.post(`/networks/:id/members/${change}`, async (c) => {
    const form = await parseForm(c, organisationReferenceSchema);
    if (!form.isValid) throw new AppError('invalid_input');
    await service.changeNetworkMember(c.get('deps').db, actorOf(c), c.req.param('id'), form.data.organisationId, change);
    return c.redirect(`/networks/${c.req.param('id')}?notice=common.saved`, 303);
  });
}

groupRoutes.get('/networks', async (c) => {
  const viewer = c.get('viewer')!;
  const page = pageContext(c);
  const { t } = page;
  const rows = await repository.listNetworks(c.get('deps').db, viewer.isPlatformAdmin ? undefined : viewer.animatedNetworks.map((n) => n.id));
  return render(
    c,
    <Layout page={page} title={t('networks.title')}>
      <h1>{t('networks.title')}</h1>
      {viewer.isPlatformAdmin && (
        <p>
          <a class="button" href="/networks/new">
            {t('networks.new')}
          </a>
        </p>
      )}
      <ul class="card-list">
        {rows.map((row) => (
          <li class="card">
            <a href={`/networks/${row.id}`}>{row.name}</a>
            <p>{t('consortia.memberCount', { count: row.memberCount })}</p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

groupRoutes.get('/networks/new', (c) => {
  onlyPlatformAdmin(c);
  return render(c, <NewGroupPage page={pageContext(c)} kind="networks" values={{}} organisations={[]} />);
});

groupRoutes.post('/networks', async (c) => {
  onlyPlatformAdmin(c);
  const form = await parseForm(c, networkSchema);
  if (!form.isValid) return render(c, <NewGroupPage page={pageContext(c)} kind="networks" values={form.values} errors={form.errors} organisations={[]} />, 400);
  const created = await service.createNetwork(c.get('deps').db, actorOf(c), form.data);
  return c.redirect(`/networks/${created.id}?notice=common.saved`, 303);
});

async function NetworkPage({ c, animatorValues, animatorErrors }: { c: AppContext; animatorValues?: FormValues; animatorErrors?: FormErrors }) {
  const db = c.get('deps').db;
  const network = await service.networkFor(db, c.get('viewer')!, c.req.param('id')!);
  const [figures, animators, allOrganisations] = await Promise.all([
    repository.networkMemberFigures(db, network.id),
    repository.networkAnimatorPeople(db, network.id),
    repository.listAllOrganisationNames(db),
  ]);
  const page = pageContext(c);
  const { t } = page;
  const candidates = allOrganisations.filter((o) => !figures.some((m) => m.organisationId === o.id));
  return (
    <Layout page={page} title={network.name}>
      <h1>{network.name}</h1>
      {network.description && <p>{network.description}</p>}
      <Section title={t('networks.members')}>
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('networks.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisations.field.legalName')}</th>
                <th scope="col">{t('organisations.field.city')}</th>
                <th scope="col">{t('networks.coaches')}</th>
                <th scope="col">{t('networks.learners')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((row) => (
                <tr>
                  <td>{row.legalName}</td>
                  <td>{row.city}</td>
                  <td>{row.coaches}</td>
                  <td>{row.learners}</td>
                  <td>
                    <PostButton page={page} action={`/networks/${network.id}/members/remove`} hidden={{ organisationId: row.organisationId }} label={t('common.remove')} quiet />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {candidates.length > 0 && <AddOrganisationForm page={page} action={`/networks/${network.id}/members/add`} options={candidates} />}
      </Section>
      <Section title={t('networks.animators')}>
        <ul class="plain-list">
          {animators.map((person) => (
            <li>
              {person.givenName} {person.familyName}
            </li>
          ))}
        </ul>
        <ErrorSummary page={page} errors={animatorErrors} />
        <form method="post" action={`/networks/${network.id}/animators`} novalidate>
          <CsrfField page={page} />
          <TextField page={page} name="email" type="email" label={t('networks.animatorEmail')} required values={animatorValues} errors={animatorErrors} />
          <button type="submit" class="button-small">
            {t('common.add')}
          </button>
        </form>
      </Section>
    </Layout>
  );
}

groupRoutes.get('/networks/:id', (c) => render(c, <NetworkPage c={c} />));

groupRoutes.post('/networks/:id/animators', async (c) => {
  await service.networkFor(c.get('deps').db, c.get('viewer')!, c.req.param('id'));
  const form = await parseForm(c, animatorSchema);
  if (!form.isValid) return render(c, <NetworkPage c={c} animatorValues={form.values} animatorErrors={form.errors} />, 400);
  try {
    await service.addNetworkAnimator(c.get('deps').db, actorOf(c), c.req.param('id'), form.data.email);
  } catch (error) {
    if (error instanceof AppError && Object.keys(error.fields).length) {
      return render(c, <NetworkPage c={c} animatorValues={form.values} animatorErrors={error.fields as FormErrors} />, error.code === 'conflict' ? 409 : 400);
    }
    throw error;
  }
  return c.redirect(`/networks/${c.req.param('id')}?notice=common.saved`, 303);
});

