import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { Pagination } from '../../ui/pagination.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, formatDateTime } from '../../shared/format.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { listAuditEntries } from '../audit/audit.repository.js';
import { membershipRoles, type MembershipRole } from '../accounts/roles.js';
import { canOnOrganisation, rolesViewerMayInvite } from './organisations.policy.js';
import * as repository from './organisations.repository.js';
import * as service from './organisations.service.js';
import { invitationSchema, memberListQuery, organisationSchema, rolesSchema } from './organisations.schema.js';
import { OrganisationForm } from './organisation-form.js';

export const organisationRoutes = new Hono<AppEnv>();
organisationRoutes.use('/organisations', requireViewer, staffLanguage);
organisationRoutes.use('/organisations/*', requireViewer, staffLanguage);

const pageSize = 50;

organisationRoutes.get('/organisations', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const query = memberListQuery.parse(c.req.query());
  const ids = await service.visibleOrganisationIds(db, viewer);
  const { rows, total } = await repository.listOrganisations(db, { ids, search: query.search, offset: (query.page - 1) * pageSize, limit: pageSize });
  return render(
    c,
    <Layout page={page} title={t('organisations.title')}>
      <h1>{t('organisations.title')}</h1>
      {viewer.isPlatformAdmin && (
        <p>
          <a class="button" href="/organisations/new">
            {t('organisations.new')}
          </a>
        </p>
      )}
      <form method="get" action="/organisations" class="filter-bar" role="search">
        <label for="search">{t('common.search')}</label>
        <input id="search" name="search" type="search" value={query.search ?? ''} />
        <button type="submit" class="button-small">
          {t('common.search')}
        </button>
      </form>
      <p>{t('common.resultCount', { count: total })}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{t('organisations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('organisations.field.legalName')}</th>
              <th scope="col">{t('organisations.field.type')}</th>
              <th scope="col">{t('organisations.field.city')}</th>
              <th scope="col">{t('organisations.field.oid')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((organisation) => (
              <tr>
                <td>
                  <a href={`/organisations/${organisation.id}`}>{organisation.legalName}</a>
                </td>
                <td>{t(`organisationType.${organisation.type}`)}</td>
                <td>
                  {organisation.city}, {countryName(page.language, organisation.country)}
                </td>
                <td>{organisation.oid ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} current={query.page} total={total} pageSize={pageSize} query={{ search: query.search }} />
    </Layout>,
  );
});

function NewOrganisationPage({ page, values, errors }: { page: PageContext; values: FormValues; errors?: FormErrors }) {
  return (
    <Layout page={page} title={page.t('organisations.new')}>
      <h1>{page.t('organisations.new')}</h1>
      <OrganisationForm page={page} action="/organisations" values={values} errors={errors} submitLabel={page.t('common.create')} />
    </Layout>
  );
}

organisationRoutes.get('/organisations/new', (c) => {
  if (!c.get('viewer')!.isPlatformAdmin) throw new AppError('not_found');
  return render(c, <NewOrganisationPage page={pageContext(c)} values={{ languages: 'fr' }} />);
});

/** Re-renders a form with the service's field errors (409 for conflicts, 400 otherwise). */
function formFailure(error: unknown): { status: 400 | 409; errors: FormErrors } | undefined {
  if (error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_input') && Object.keys(error.fields).length) {
    return { status: error.code === 'conflict' ? 409 : 400, errors: error.fields as FormErrors };
  }
  return undefined;
}

organisationRoutes.post('/organisations', async (c) => {
  if (!c.get('viewer')!.isPlatformAdmin) throw new AppError('not_found');
  const form = await parseForm(c, organisationSchema);
  const page = pageContext(c);
  if (!form.isValid) return render(c, <NewOrganisationPage page={page} values={form.values} errors={form.errors} />, 400);
  try {
    const created = await service.createOrganisation(c.get('deps').db, actorOf(c), form.data);
    return c.redirect(`/organisations/${created.id}?notice=organisations.created`, 303);
  } catch (error) {
    const failure = formFailure(error);
    if (!failure) throw error;
    return render(c, <NewOrganisationPage page={page} values={form.values} errors={failure.errors} />, failure.status);
  }
});

organisationRoutes.get('/organisations/:id', async (c) => {
  const db = c.get('deps').db;
  const viewer = c.get('viewer')!;
  const organisation = await service.organisationFor(db, viewer, c.req.param('id'), 'view');
  const page = pageContext(c);
  const { t } = page;
  const counts = await repository.countMembersByRole(db, [organisation.id]);
  const coordinated = await service.coordinatedOrganisationIds(db, viewer);
  const can = (action: Parameters<typeof canOnOrganisation>[2]) => canOnOrganisation(viewer, organisation.id, action, coordinated);
  return render(
    c,
    <Layout page={page} title={organisation.legalName}>
      <h1>{organisation.legalName}</h1>
      <dl class="facts">
        <dt>{t('organisations.field.type')}</dt>
        <dd>{t(`organisationType.${organisation.type}`)}</dd>
        <dt>{t('organisations.field.address')}</dt>
        <dd>
          {[organisation.addressLine, organisation.postcode, organisation.city].filter(Boolean).join(', ')} — {countryName(page.language, organisation.country)}
        </dd>
        <dt>{t('organisations.field.oid')}</dt>
        <dd>{organisation.oid ?? '—'}</dd>
        <dt>{t('organisations.field.website')}</dt>
        <dd>{organisation.website ? <a href={organisation.website} rel="noopener noreferrer">{organisation.website}</a> : '—'}</dd>
        <dt>{t('organisations.field.languages')}</dt>
        <dd>{organisation.languages.map((code) => (code in languageNames ? languageNames[code as keyof typeof languageNames] : code)).join(', ') || '—'}</dd>
      </dl>
      <Section title={t('organisations.membersByRole')}>
        <ul class="plain-list">
          {counts.map((row) => (
            <li>
              {t(`role.${row.role}`)}: <strong>{row.count}</strong>
            </li>
          ))}
        </ul>
      </Section>
      <ul class="action-list">
        {can('viewMembers') && (
          <li>
            <a href={`/organisations/${organisation.id}/members`}>{t('organisations.members.title')}</a>
          </li>
        )}
        {can('edit') && (
          <li>
            <a href={`/organisations/${organisation.id}/edit`}>{t('common.edit')}</a>
          </li>
        )}
        {can('viewAudit') && (
          <li>
            <a href={`/organisations/${organisation.id}/audit`}>{t('audit.title')}</a>
          </li>
        )}
      </ul>
    </Layout>,
  );
});

function EditOrganisationPage({ page, id, values, errors }: { page: PageContext; id: string; values: FormValues; errors?: FormErrors }) {
  return (
    <Layout page={page} title={page.t('organisations.edit')}>
      <h1>{page.t('organisations.edit')}</h1>
      <OrganisationForm page={page} action={`/organisations/${id}/edit`} values={values} errors={errors} submitLabel={page.t('common.save')} />
    </Layout>
  );
}

organisationRoutes.get('/organisations/:id/edit', async (c) => {
  const organisation = await service.organisationFor(c.get('deps').db, c.get('viewer')!, c.req.param('id'), 'edit');
  const values: FormValues = {
    type: organisation.type,
    legalName: organisation.legalName,
    addressLine: organisation.addressLine ?? '',
    postcode: organisation.postcode ?? '',
    city: organisation.city,
    country: organisation.country,
    latitude: organisation.latitude?.toString() ?? '',
    longitude: organisation.longitude?.toString() ?? '',
    oid: organisation.oid ?? '',
    website: organisation.website ?? '',
    languages: organisation.languages.join(','),
  };
  return render(c, <EditOrganisationPage page={pageContext(c)} id={organisation.id} values={values} />);
});

organisationRoutes.post('/organisations/:id/edit', async (c) => {
  const id = c.req.param('id');
  await service.organisationFor(c.get('deps').db, c.get('viewer')!, id, 'edit');
  const form = await parseForm(c, organisationSchema);
  const page = pageContext(c);
  if (!form.isValid) return render(c, <EditOrganisationPage page={page} id={id} values={form.values} errors={form.errors} />, 400);
  try {
    await service.updateOrganisation(c.get('deps').db, actorOf(c), id, form.data);
  } catch (error) {
    const failure = formFailure(error);
    if (!failure) throw error;
    return render(c, <EditOrganisationPage page={page} id={id} values={form.values} errors={failure.errors} />, failure.status);
  }
  return c.redirect(`/organisations/${id}?notice=common.saved`, 303);
});

type MembersPageProps = { c: AppContext; inviteValues?: FormValues; inviteErrors?: FormErrors; conflict?: string };

async function MembersPage({ c, inviteValues, inviteErrors }: MembersPageProps) {
  const page = pageContext(c);
  const { t, language } = page;
  const db = c.get('deps').db;
  const viewer = c.get('viewer')!;
  const organisation = await service.organisationFor(db, viewer, c.req.param('id')!, 'viewMembers');
  const query = memberListQuery.parse(c.req.query());
  const { rows, total } = await repository.listMembers(db, { organisationId: organisation.id, role: query.role, search: query.search, offset: (query.page - 1) * pageSize, limit: pageSize });
  const canManage = canOnOrganisation(viewer, organisation.id, 'manageMembers');
  const canSeePeople = canOnOrganisation(viewer, organisation.id, 'viewPerson');
  const invitable = rolesViewerMayInvite(viewer, organisation.id);
  const invitations = invitable.length ? await repository.listPendingInvitations(db, organisation.id, c.get('deps').now()) : [];
  return (
    <Layout page={page} title={`${t('organisations.members.title')} — ${organisation.legalName}`}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.id}`}>{organisation.legalName}</a>
      </p>
      <h1>{t('organisations.members.title')}</h1>
      <form method="get" class="filter-bar" role="search">
        <label for="filter-role">{t('organisations.members.role')}</label>
        <select id="filter-role" name="role">
          <option value="">{t('common.all')}</option>
          {membershipRoles.map((role) => (
            <option value={role} selected={query.role === role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        <label for="filter-search">{t('common.search')}</label>
        <input id="filter-search" name="search" type="search" value={query.search ?? ''} />
        <button type="submit" class="button-small">
          {t('common.filter')}
        </button>
      </form>
      <p>{t('common.resultCount', { count: total })}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{t('organisations.members.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('auth.field.email')}</th>
              <th scope="col">{t('organisations.members.roles')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((member) => (
              <tr>
                <td>
                  {canSeePeople ? <a href={`/organisations/${organisation.id}/people/${member.personId}`}>{`${member.familyName} ${member.givenName}`}</a> : `${member.familyName} ${member.givenName}`}
                  {member.deactivatedAt && <span class="badge badge-muted"> {t('organisations.members.deactivated')}</span>}
                </td>
                <td>{member.email ?? '—'}</td>
                <td>{member.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
                {canManage && (
                  <td>
                    <details class="row-actions">
                      <summary>{t('organisations.members.manage')}</summary>
                      <form method="post" action={`/organisations/${organisation.id}/members/${member.personId}/roles`}>
                        <CsrfField page={page} />
                        <fieldset>
                          <legend>{t('organisations.members.roles')}</legend>
                          {membershipRoles.map((role) => (
                            <label class="checkbox">
                              <input type="checkbox" name="roles" value={role} checked={member.roles.includes(role)} /> {t(`role.${role}`)}
                            </label>
                          ))}
                        </fieldset>
                        <button type="submit" class="button-small">
                          {t('organisations.members.saveRoles')}
                        </button>
                      </form>
                      {member.personId !== viewer.personId &&
                        (member.deactivatedAt ? (
                          <PostButton page={page} action={`/organisations/${organisation.id}/members/${member.personId}/reactivate`} label={t('organisations.members.reactivate')} quiet />
                        ) : (
                          <PostButton page={page} action={`/organisations/${organisation.id}/members/${member.personId}/deactivate`} label={t('organisations.members.deactivate')} quiet />
                        ))}
                    </details>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} current={query.page} total={total} pageSize={pageSize} query={{ role: query.role, search: query.search }} />
      {invitable.length > 0 && (
        <Section title={t('organisations.invite.title')} id="invite">
          <ErrorSummary page={page} errors={inviteErrors} />
          <form method="post" action={`/organisations/${organisation.id}/invitations`} novalidate>
            <CsrfField page={page} />
            <TextField page={page} name="email" type="email" label={t('auth.field.email')} required values={inviteValues} errors={inviteErrors} />
            <SelectField page={page} name="role" label={t('organisations.members.role')} required values={inviteValues} errors={inviteErrors} options={invitable.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
            <SelectField page={page} name="language" label={t('organisations.invite.language')} required values={inviteValues ?? { language: page.language }} errors={inviteErrors} options={languages.map((code) => ({ value: code, label: languageNames[code] }))} />
            <button type="submit">{t('organisations.invite.submit')}</button>
          </form>
          {invitations.length > 0 && (
            <>
              <h3>{t('organisations.invite.pending')}</h3>
              <ul class="plain-list">
                {invitations.map((invitation) => (
                  <li>
                    {invitation.email} — {t(`role.${invitation.role}`)} — {t('organisations.invite.expires', { date: formatDate(language, invitation.expiresAt) })}{' '}
                    <PostButton page={page} action={`/organisations/${organisation.id}/invitations/${invitation.id}/revoke`} label={t('organisations.invite.revoke')} quiet />
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      )}
    </Layout>
  );
}

organisationRoutes.get('/organisations/:id/members', (c) => render(c, <MembersPage c={c} />));

organisationRoutes.post('/organisations/:id/invitations', async (c) => {
  const id = c.req.param('id');
  await service.organisationFor(c.get('deps').db, c.get('viewer')!, id, 'invite');
  const form = await parseForm(c, invitationSchema);
  if (!form.isValid) return render(c, <MembersPage c={c} inviteValues={form.values} inviteErrors={form.errors} />, 400);
  try {
    await service.inviteMember(c.get('deps'), actorOf(c), id, form.data);
  } catch (error) {
    const failure = formFailure(error);
    if (!failure) throw error;
    return render(c, <MembersPage c={c} inviteValues={form.values} inviteErrors={failure.errors} />, failure.status);
  }
  return c.redirect(`/organisations/${id}/members?notice=organisations.invite.sent#invite`, 303);
});

organisationRoutes.post('/organisations/:id/invitations/:invitationId/revoke', async (c) => {
  await service.revokeInvitation(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('invitationId'));
  return c.redirect(`/organisations/${c.req.param('id')}/members?notice=organisations.invite.revoked#invite`, 303);
});

organisationRoutes.post('/organisations/:id/members/:personId/roles', async (c) => {
  const form = await parseForm(c, rolesSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.changeMemberRoles(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('personId'), form.data.roles as MembershipRole[]);
  return c.redirect(`/organisations/${c.req.param('id')}/members?notice=organisations.members.rolesSaved`, 303);
});

for (const change of ['deactivate', 'reactivate'] as const) {
  organisationRoutes.post(`/organisations/:id/members/:personId/${change}`, async (c) => {
    const operation = change === 'deactivate' ? service.deactivateAccount : service.reactivateAccount;
    await operation(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('personId'));
    return c.redirect(`/organisations/${c.req.param('id')}/members?notice=organisations.members.${change}Done`, 303);
  });
}

organisationRoutes.get('/organisations/:id/people/:personId', async (c) => {
  const db = c.get('deps').db;
  const organisation = await service.organisationFor(db, c.get('viewer')!, c.req.param('id'), 'viewPerson');
  const { person, roles, guardians, isMinor } = await service.viewPerson(db, actorOf(c), organisation.id, c.req.param('personId'));
  const page = pageContext(c);
  const { t, language } = page;
  const name = `${person.givenName} ${person.familyName}`;
  return render(
    c,
    <Layout page={page} title={name}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.id}/members`}>{organisation.legalName}</a>
      </p>
      <h1>
        {name} {isMinor && <span class="badge">{t('people.minor')}</span>}
      </h1>
      <dl class="facts">
        <dt>{t('auth.field.email')}</dt>
        <dd>{person.email ?? '—'}</dd>
        <dt>{t('account.profile.phone')}</dt>
        <dd>{person.phone ?? '—'}</dd>
        <dt>{t('people.birthDate')}</dt>
        <dd>{person.birthDate ? formatDate(language, person.birthDate) : '—'}</dd>
        <dt>{t('account.profile.language')}</dt>
        <dd>{languageNames[person.preferredLanguage as keyof typeof languageNames] ?? person.preferredLanguage}</dd>
        <dt>{t('organisations.members.roles')}</dt>
        <dd>{roles.map((role) => t(`role.${role}`)).join(', ')}</dd>
      </dl>
      {guardians.length > 0 && (
        <Section title={t('people.guardians')}>
          <ul class="plain-list">
            {guardians.map((guardian) => (
              <li>
                {guardian.givenName} {guardian.familyName} — {guardian.email ?? '—'} {guardian.phone ? `· ${guardian.phone}` : ''}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </Layout>,
  );
});

organisationRoutes.get('/organisations/:id/audit', async (c) => {
  const deps = c.get('deps');
  const organisation = await service.organisationFor(deps.db, c.get('viewer')!, c.req.param('id'), 'viewAudit');
  const action = c.req.query('action')?.slice(0, 60) || undefined;
  const before = Number(c.req.query('before')) || undefined;
  const rows = await listAuditEntries(deps.db, { organisationId: organisation.id, action, before }, pageSize);
  const hasMore = rows.length > pageSize;
  const entries = rows.slice(0, pageSize);
  const page = pageContext(c);
  const { t, language } = page;
  const nextQuery = new URLSearchParams({ ...(action ? { action } : {}), before: String(entries.at(-1)?.id ?? '') });
  return render(
    c,
    <Layout page={page} title={`${t('audit.title')} — ${organisation.legalName}`}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.id}`}>{organisation.legalName}</a>
      </p>
      <h1>{t('audit.title')}</h1>
      <form method="get" class="filter-bar" role="search">
        <label for="audit-action">{t('audit.action')}</label>
        <input id="audit-action" name="action" type="search" value={action ?? ''} />
        <button type="submit" class="button-small">
          {t('common.filter')}
        </button>
      </form>
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.entity')}</th>
              <th scope="col">{t('audit.requestId')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr>
                <td>{formatDateTime(language, entry.at)}</td>
                <td>{entry.actorGivenName ? `${entry.actorGivenName} ${entry.actorFamilyName}` : t('audit.system')}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.entityType} {entry.entityId ? <code>{entry.entityId.slice(0, 8)}</code> : null}
                </td>
                <td>
                  <code>{entry.requestId?.slice(0, 8) ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasMore && (
        <p>
          <a href={`?${nextQuery.toString()}`}>{t('common.olderEntries')}</a>
        </p>
      )}
    </Layout>,
  );
});
