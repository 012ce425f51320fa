import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { Pagination } from '../../ui/pagination.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, languageName } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { consentKinds, consentMethods, mobilityStatuses } from '../db/schema/index.js';
import { activityTypes, transportModes } from './rules/types.js';
import * as repository from './mobilities.repository.js';
import * as service from './mobilities.service.js';
import { hostFamilyProfileOf } from './host-profiles.service.js';
import { grantEstimateOf } from './grant-rates.service.js';
import { GrantEstimateSection } from './grant-rates.routes.js';
import { canTransition, mobilityTransitions, type TransitionName } from './mobilities.policy.js';
import { accompaniedSchema, cefrLevels, consentSchema, editMobilitySchema, emergencyContactSchema, mobilityListQuery, needsSchema, placementLanguages, transitionSchema } from './mobilities.schema.js';

export const mobilityRoutes = new Hono<AppEnv>();
mobilityRoutes.use('/mobilities', requireViewer);
mobilityRoutes.use('/mobilities/*', requireViewer);

const pageSize = 50;

function FilterSelect({ page, name, label, options, selected }: { page: PageContext; name: string; label: string; options: { value: string; label: string }[]; selected: string | undefined }) {
  return (
    <div class="filter-field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{page.t('common.all')}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === selected}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

mobilityRoutes.get('/mobilities', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const query = mobilityListQuery.parse(c.req.query());
  const db = c.get('deps').db;
  const rows = await repository.listMobilities(db, c.get('viewer')!, {
    projectId: query.project,
    status: query.status,
    country: query.country,
    hostOrganisationId: query.host,
    activityType: query.activity,
    isMinor: query.minor,
    hasFewerOpportunities: query.fewer,
    startsFrom: query.from,
    startsUntil: query.until,
    search: query.search,
    sort: query.sort,
    offset: (query.page - 1) * pageSize,
    limit: pageSize,
  });
  const total = rows[0]?.total ?? 0;
  const raw = c.req.query();
  const yesNo = [
    { value: 'yes', label: t('mobilities.yes') },
    { value: 'no', label: t('mobilities.no') },
  ];
  return render(
    c,
    <Layout page={page} title={t('mobilities.title')}>
      <h1>{t('mobilities.title')}</h1>
      <form method="get" action="/mobilities" class="filter-grid" role="search">
        {query.project && <input type="hidden" name="project" value={query.project} />}
        <div class="filter-field">
          <label for="filter-search">{t('common.search')}</label>
          <input id="filter-search" name="search" type="search" value={query.search ?? ''} />
        </div>
        <FilterSelect page={page} name="status" label={t('mobilities.status')} selected={query.status} options={mobilityStatuses.map((status) => ({ value: status, label: t(`status.${status}`) }))} />
        <FilterSelect page={page} name="activity" label={t('mobilities.activityType')} selected={query.activity} options={activityTypes.map((type) => ({ value: type, label: t(`activity.${type}`) }))} />
        <div class="filter-field">
          <label for="filter-country">{t('mobilities.country')}</label>
          <input id="filter-country" name="country" value={query.country ?? ''} maxlength={2} size={3} />
        </div>
        <FilterSelect page={page} name="minor" label={t('mobilities.minor')} selected={raw['minor']} options={yesNo} />
        <FilterSelect page={page} name="fewer" label={t('mobilities.fewerOpportunities')} selected={raw['fewer']} options={yesNo} />
        <div class="filter-field">
          <label for="filter-from">{t('mobilities.from')}</label>
          <input id="filter-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div class="filter-field">
          <label for="filter-until">{t('mobilities.to')}</label>
          <input id="filter-until" name="until" type="date" value={query.until ?? ''} />
        </div>
        <FilterSelect page={page} name="sort" label={t('mobilities.sort')} selected={query.sort} options={(['start', 'name', 'status'] as const).map((sort) => ({ value: sort, label: t(`mobilities.sort.${sort}`) }))} />
        <button type="submit" class="button-small">
          {t('common.filter')}
        </button>
      </form>
      <p role="status">{t('common.resultCount', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('mobilities.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('mobilities.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mobilities.participant')}</th>
                <th scope="col">{t('mobilities.activityType')}</th>
                <th scope="col">{t('mobilities.host')}</th>
                <th scope="col">{t('mobilities.dates')}</th>
                <th scope="col">{t('mobilities.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/mobilities/${row.id}`}>{`${row.familyName} ${row.givenName}`}</a>
                    {row.isMinor && <span class="badge"> {t('people.minor')}</span>}
                    <br />
                    <span class="hint">{row.sendingOrganisationName}</span>
                  </td>
                  <td>{t(`activity.${row.activityType as (typeof activityTypes)[number]}`)}</td>
                  <td>
                    {row.hostOrganisationName ?? '—'}
                    {row.hostCity && (
                      <>
                        <br />
                        <span class="hint">
                          {row.hostCity}, {countryName(language, row.hostCountry!)}
                        </span>
                      </>
                    )}
                  </td>
                  <td>{row.startDate ? `${formatDate(language, row.startDate)} – ${row.endDate ? formatDate(language, row.endDate) : '…'}` : '—'}</td>
                  <td>{t(`status.${row.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} current={query.page} total={total} pageSize={pageSize} query={{ ...raw, page: undefined }} />
    </Layout>,
  );
});

type MobilityPageProps = { c: AppContext; consentValues?: FormValues; consentErrors?: FormErrors; contactValues?: FormValues; contactErrors?: FormErrors; transitionError?: string; editValues?: FormValues; editErrors?: FormErrors; editProblem?: string };

async function MobilityPage({ c, consentValues, consentErrors, contactValues, contactErrors, transitionError, editValues, editErrors, editProblem }: MobilityPageProps) {
  const page = pageContext(c);
  const { t, language } = page;
  const view = await service.mobilityFor(c.get('deps').db, actorOf(c), c.req.param('id')!);
  const { mobility, participant } = view;
  const missing = service.missingForConfirmation(view);
  const violations = view.canManage ? await service.preValidate(c.get('deps').db, view) : [];
  const messageLanguage = language === 'fr' ? 'fr' : 'en';
  const hostPeople = view.canManage ? await service.hostPeopleOptions(c.get('deps').db, view) : [];
  const accompaniable = view.canManage && mobility.activityType === 'accompanying_person' ? await repository.accompaniableMobilities(c.get('deps').db, mobility.id, mobility.projectId, mobility.sendingOrganisationId) : [];
  const estimate = view.canManage ? await grantEstimateOf(c.get('deps').db, view) : null;
  const vetting = view.canManage && mobility.hostFamilyId ? ((await hostFamilyProfileOf(c.get('deps').db, mobility.hostFamilyId)) ?? null) : undefined;
  const editable = editValues ?? {
    startDate: mobility.startDate ?? '',
    endDate: mobility.endDate ?? '',
    tutorId: mobility.tutorId ?? '',
    hostFamilyId: mobility.hostFamilyId ?? '',
    travelDays: String(mobility.travelDays),
    interruptionDays: String(mobility.interruptionDays),
    mainTransport: mobility.mainTransport ?? '',
    isGreenTravel: mobility.isGreenTravel ? 'on' : '',
    hasFewerOpportunities: mobility.hasFewerOpportunities ? 'on' : '',
    fewerOpportunitiesJustification: mobility.fewerOpportunitiesJustification ?? '',
    isForceMajeure: mobility.isForceMajeure ? 'on' : '',
    forceMajeureExplanation: mobility.forceMajeureExplanation ?? '',
    placementLanguage: mobility.placementLanguage ?? '',
    cefrLevel: mobility.cefrLevel ?? '',
  };
  const checkbox = (name: string, label: string) => (
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" name={name} checked={editable[name] === 'on'} /> {label}
      </label>
    </div>
  );
  const name = `${participant.givenName} ${participant.familyName}`;
  const transitions = (Object.keys(mobilityTransitions) as TransitionName[]).filter(
    (transition) => (mobilityTransitions[transition].from as readonly string[]).includes(mobility.status) && canTransition(page.viewer!, mobility.sendingOrganisationId, transition),
  );
  return (
    <Layout page={page} title={name}>
      <p class="breadcrumb">
        {view.canManage ? <a href={`/mobilities?project=${view.project.id}`}>{view.project.title}</a> : view.project.title}
      </p>
      <h1>
        {view.relation === 'participant' ? t('mobilities.mine') : name} {view.isMinor && <span class="badge">{t('mobilities.minor')}</span>}
      </h1>
      {(view.relation === 'manager' || view.relation === 'reader') && <p><a href={`/mobilities/${mobility.id}/agreement`}>{t('agreements.link')}</a></p>}
      <dl class="facts">
        <dt>{t('mobilities.status')}</dt>
        <dd>
          <strong>{t(`status.${mobility.status}`)}</strong>
          {mobility.statusReason ? ` — ${mobility.statusReason}` : ''}
        </dd>
        <dt>{t('mobilities.activityType')}</dt>
        <dd>{t(`activity.${mobility.activityType as (typeof activityTypes)[number]}`)}</dd>
        <dt>{t('mobilities.dates')}</dt>
        <dd>{mobility.startDate && mobility.endDate ? `${formatDate(language, mobility.startDate)} – ${formatDate(language, mobility.endDate)}` : '—'}</dd>
        <dt>{t('mobilities.sending')}</dt>
        <dd>{view.sendingOrganisationName}</dd>
        <dt>{t('mobilities.host')}</dt>
        <dd>
          {view.itineraries.length === 0
            ? '—'
            : view.itineraries.map((row) => (
                <div>
                  {row.hostName} — {row.itinerary.city}, {countryName(language, row.itinerary.country)}
                </div>
              ))}
        </dd>
        <dt>{t('mobilities.tutor')}</dt>
        <dd>{view.tutor ? `${view.tutor.givenName} ${view.tutor.familyName}` : '—'}</dd>
      </dl>
      {view.canManage && (
        <Section title={t('mobilities.missing.title')} id="missing">
          {missing.length === 0 ? (
            <p>{t('mobilities.missing.nothing')}</p>
          ) : (
            <ul class="missing-list">
              {missing.map((item) => (
                <li>
                  {t(item.key, {
                    ...item.params,
                    ...(item.params?.['kind'] ? { kind: t(`mobilities.consent.kind.${item.params['kind'] as (typeof consentKinds)[number]}`) } : {}),
                    ...(item.params?.['side'] ? { side: t(`mobilities.side.${item.params['side'] as 'sending' | 'host'}`) } : {}),
                  })}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {view.canManage && (
        <Section title={t('mobilities.validation.title')} id="validation">
          {violations.length === 0 ? (
            <p>{t('mobilities.validation.none')}</p>
          ) : (
            <ul class="missing-list">
              {violations.map((violation) => (
                <li class={violation.severity === 'error' ? 'violation-error' : 'violation-warning'}>
                  <strong>{violation.severity === 'error' ? t('mobilities.validation.error') : t('mobilities.validation.warning')}</strong> <code>{violation.ruleId}</code> — {violation.message[messageLanguage]}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {estimate && <GrantEstimateSection page={page} estimate={estimate} organisationId={mobility.sendingOrganisationId} />}
      {transitions.length > 0 && (
        <Section title={t('mobilities.transition.title')} id="status">
          {transitionError && (
            <p class="error-summary" role="alert">
              {transitionError}
            </p>
          )}
          <div class="transition-list">
            {transitions.map((transition) =>
              mobilityTransitions[transition].needsReason ? (
                <form method="post" action={`/mobilities/${mobility.id}/transitions/${transition}`} class="transition-form">
                  <CsrfField page={page} />
                  <label for={`reason-${transition}`}>{t('mobilities.transition.reason')}</label>
                  <input id={`reason-${transition}`} name="reason" required maxlength={1000} />
                  <button type="submit" class="button-small button-quiet">
                    {t(`mobilities.transition.${transition}`)}
                  </button>
                </form>
              ) : (
                <PostButton page={page} action={`/mobilities/${mobility.id}/transitions/${transition}`} label={t(`mobilities.transition.${transition}`)} />
              ),
            )}
          </div>
        </Section>
      )}
      {view.needs && (view.needs.health || view.needs.diet || view.needs.accessibility) && (
        <Section title={t('mobilities.needs.title')} id="needs">
          <dl class="facts">
            {view.needs.health && (
              <>
                <dt>{t('mobilities.needs.health')}</dt>
                <dd>{view.needs.health}</dd>
              </>
            )}
            {view.needs.diet && (
              <>
                <dt>{t('mobilities.needs.diet')}</dt>
                <dd>{view.needs.diet}</dd>
              </>
            )}
            {view.needs.accessibility && (
              <>
                <dt>{t('mobilities.needs.accessibility')}</dt>
                <dd>{view.needs.accessibility}</dd>
              </>
            )}
          </dl>
        </Section>
      )}
      {(view.isMinor || view.consents.length > 0) && ['manager', 'reader', 'participant', 'guardian', 'accompanying', 'coordinator'].includes(view.relation) && (
        <Section title={t('mobilities.consent.title')} id="consents">
          {view.consents.length === 0 ? (
            <p>{t('mobilities.consent.none')}</p>
          ) : (
            <ul class="plain-list">
              {view.consents.map((row) => (
                <li>
                  {row.guardianGivenName} {row.guardianFamilyName} — {t(`mobilities.consent.kind.${row.consent.kind}`)} — {t(`mobilities.consent.method.${row.consent.method}`)}, {formatDate(language, row.consent.givenOn)}
                  {view.canManage && <PostButton page={page} action={`/mobilities/${mobility.id}/consents/${row.consent.id}/revoke`} label={t('mobilities.consent.revoke')} quiet />}
                </li>
              ))}
            </ul>
          )}
          {view.canManage && view.guardians.length > 0 && (
            <>
              <ErrorSummary page={page} errors={consentErrors} />
              <form method="post" action={`/mobilities/${mobility.id}/consents`} novalidate>
                <CsrfField page={page} />
                <SelectField page={page} name="guardianId" label={t('mobilities.consent.guardian')} required values={consentValues} errors={consentErrors} options={view.guardians.map((guardian) => ({ value: guardian.id, label: `${guardian.givenName} ${guardian.familyName}` }))} />
                <SelectField page={page} name="kind" label={t('mobilities.consent.kind')} required values={consentValues} errors={consentErrors} options={consentKinds.map((kind) => ({ value: kind, label: t(`mobilities.consent.kind.${kind}`) }))} />
                <SelectField page={page} name="method" label={t('mobilities.consent.method')} required values={consentValues} errors={consentErrors} options={consentMethods.map((method) => ({ value: method, label: t(`mobilities.consent.method.${method}`) }))} />
                <TextField page={page} name="givenOn" type="date" label={t('mobilities.consent.givenOn')} required values={consentValues} errors={consentErrors} />
                <button type="submit">{t('mobilities.consent.record')}</button>
              </form>
            </>
          )}
        </Section>
      )}
      {view.canManage && (
        <Section title={t('mobilities.edit.title')} id="edit">
          {editProblem && (
            <p class="error-summary" role="alert">
              {editProblem}
            </p>
          )}
          <ErrorSummary page={page} errors={editErrors} />
          <form method="post" action={`/mobilities/${mobility.id}/edit`} novalidate>
            <CsrfField page={page} />
            <TextField page={page} name="startDate" type="date" label={t('projects.start')} required values={editable} errors={editErrors} />
            <TextField page={page} name="endDate" type="date" label={t('projects.end')} required values={editable} errors={editErrors} />
            <SelectField page={page} name="tutorId" label={t('mobilities.tutor')} values={editable} errors={editErrors} options={hostPeople.filter((person) => person.role !== 'host_family').map((person) => ({ value: person.id, label: `${person.familyName} ${person.givenName} — ${person.organisationName}` }))} />
            <SelectField page={page} name="hostFamilyId" label={t('mobilities.edit.hostFamily')} values={editable} errors={editErrors} options={hostPeople.filter((person) => person.role === 'host_family').map((person) => ({ value: person.id, label: `${person.familyName} ${person.givenName} — ${person.organisationName}` }))} />
            <TextField page={page} name="travelDays" inputmode="numeric" label={t('projects.travelDays')} values={editable} errors={editErrors} maxlength={2} />
            <TextField page={page} name="interruptionDays" inputmode="numeric" label={t('mobilities.edit.interruptionDays')} values={editable} errors={editErrors} maxlength={3} />
            <SelectField page={page} name="mainTransport" label={t('projects.transport')} values={editable} errors={editErrors} options={transportModes.map((mode) => ({ value: mode, label: t(`transport.${mode}`) }))} />
            {checkbox('isGreenTravel', t('projects.greenTravel'))}
            {checkbox('hasFewerOpportunities', t('mobilities.fewerOpportunities'))}
            <TextField page={page} name="fewerOpportunitiesJustification" label={t('projects.fewerJustification')} values={editable} errors={editErrors} />
            {checkbox('isForceMajeure', t('mobilities.edit.forceMajeure'))}
            <TextField page={page} name="forceMajeureExplanation" label={t('mobilities.edit.forceMajeureExplanation')} values={editable} errors={editErrors} />
            <SelectField page={page} name="placementLanguage" label={t('mobilities.edit.placementLanguage')} values={editable} errors={editErrors} options={placementLanguages.map((code) => ({ value: code, label: languageName(language, code) })).sort((a, b) => a.label.localeCompare(b.label, language))} />
            <SelectField page={page} name="cefrLevel" label={t('mobilities.edit.cefrLevel')} values={editable} errors={editErrors} options={cefrLevels.map((level) => ({ value: level, label: level }))} />
            <button type="submit">{t('common.save')}</button>
          </form>
          <h3>{t('mobilities.needs.title')}</h3>
          <p class="hint">{t('mobilities.needs.hint')}</p>
          <form method="post" action={`/mobilities/${mobility.id}/needs`} novalidate>
            <CsrfField page={page} />
            <TextField page={page} name="health" label={t('mobilities.needs.health')} values={{ health: view.needs?.health ?? '' }} />
            <TextField page={page} name="diet" label={t('mobilities.needs.diet')} values={{ diet: view.needs?.diet ?? '' }} />
            <TextField page={page} name="accessibility" label={t('mobilities.needs.accessibility')} values={{ accessibility: view.needs?.accessibility ?? '' }} />
            <div class="field">
              <label class="checkbox">
                <input type="checkbox" name="isDietSharedWithHostFamily" checked={view.isDietShared} /> {t('mobilities.needs.shareDiet')}
              </label>
            </div>
            <button type="submit">{t('common.save')}</button>
          </form>
        </Section>
      )}
      {accompaniable.length > 0 && (
        <Section title={t('mobilities.accompanied.title')} id="accompanied">
          <form method="post" action={`/mobilities/${mobility.id}/accompanied`}>
            <CsrfField page={page} />
            <fieldset>
              <legend>{t('mobilities.accompanied.legend')}</legend>
              {accompaniable.map((option) => (
                <div>
                  <label class="checkbox">
                    <input type="checkbox" name="learnerMobilityIds" value={option.id} checked={option.isLinked} /> {option.familyName} {option.givenName}
                  </label>
                </div>
              ))}
            </fieldset>
            <button type="submit">{t('common.save')}</button>
          </form>
        </Section>
      )}
      {vetting !== undefined && (
        <Section title={t('hosts.vetting')} id="vetting">
          <form method="post" action={`/hosts/family-vetting/${mobility.id}`} novalidate>
            <CsrfField page={page} />
            <TextField page={page} name="address" label={t('hosts.address')} values={{ address: vetting?.address ?? '' }} />
            <TextField page={page} name="household" label={t('hosts.household')} values={{ household: vetting?.household ?? '' }} />
            <TextField page={page} name="vettedOn" type="date" label={t('hosts.vettedOn')} values={{ vettedOn: vetting?.vettedOn ?? '' }} />
            <TextField page={page} name="notes" label={t('hosts.notes')} values={{ notes: vetting?.notes ?? '' }} />
            <button type="submit">{t('common.save')}</button>
          </form>
        </Section>
      )}
      {view.itineraries.length > 0 && view.relation !== 'participant' && view.relation !== 'guardian' && (
        <p>
          <a href={`/hosts/${view.itineraries[0]!.itinerary.hostOrganisationId}`}>{t('hosts.profile')}</a>
        </p>
      )}
      <Section title={t('mobilities.contacts.title')} id="contacts">
        {view.contacts.length === 0 ? (
          <p>{t('mobilities.contacts.none')}</p>
        ) : (
          <ul class="plain-list">
            {view.contacts.map((contact) => (
              <li>
                <strong>{contact.name}</strong> ({t(`mobilities.side.${contact.side}`)}
                {contact.relationship ? `, ${contact.relationship}` : ''}) — <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>{contact.phone}</a>
                {view.canManage && <PostButton page={page} action={`/mobilities/${mobility.id}/contacts/${contact.id}/delete`} label={t('mobilities.contacts.remove')} quiet />}
              </li>
            ))}
          </ul>
        )}
        {view.canManage && (
          <>
            <ErrorSummary page={page} errors={contactErrors} />
            <form method="post" action={`/mobilities/${mobility.id}/contacts`} novalidate>
              <CsrfField page={page} />
              <SelectField page={page} name="side" label={t('mobilities.contacts.side')} required values={contactValues} errors={contactErrors} options={(['sending', 'host'] as const).map((side) => ({ value: side, label: t(`mobilities.side.${side}`) }))} />
              <TextField page={page} name="name" label={t('mobilities.contacts.name')} required values={contactValues} errors={contactErrors} />
              <TextField page={page} name="phone" type="tel" label={t('mobilities.contacts.phone')} required values={contactValues} errors={contactErrors} />
              <TextField page={page} name="relationship" label={t('mobilities.contacts.relationship')} values={contactValues} errors={contactErrors} />
              <button type="submit">{t('mobilities.contacts.add')}</button>
            </form>
          </>
        )}
      </Section>
    </Layout>
  );
}

mobilityRoutes.get('/mobilities/:id', (c) => render(c, <MobilityPage c={c} />));

mobilityRoutes.post('/mobilities/:id/transitions/:transition', async (c) => {
  const transition = c.req.param('transition');
  if (!(transition in mobilityTransitions)) throw new AppError('not_found');
  const form = await parseForm(c, transitionSchema);
  const reason = form.isValid ? (form.data.reason ?? null) : null;
  try {
    await service.transitionMobility(c.get('deps').db, actorOf(c), c.req.param('id'), transition as TransitionName, reason);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_input')) {
      return render(c, <MobilityPage c={c} transitionError={c.get('t')(error.message as 'mobilities.transition.incomplete')} />, error.status as 400 | 409);
    }
    throw error;
  }
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.transition.done`, 303);
});

mobilityRoutes.post('/mobilities/:id/consents', async (c) => {
  const form = await parseForm(c, consentSchema);
  if (!form.isValid) return render(c, <MobilityPage c={c} consentValues={form.values} consentErrors={form.errors} />, 400);
  try {
    await service.recordConsent(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return render(c, <MobilityPage c={c} consentValues={form.values} consentErrors={error.fields as FormErrors} />, 400);
    throw error;
  }
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#consents`, 303);
});

mobilityRoutes.post('/mobilities/:id/consents/:consentId/revoke', async (c) => {
  await service.revokeConsent(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('consentId'));
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#consents`, 303);
});

mobilityRoutes.post('/mobilities/:id/contacts', async (c) => {
  const form = await parseForm(c, emergencyContactSchema);
  if (!form.isValid) return render(c, <MobilityPage c={c} contactValues={form.values} contactErrors={form.errors} />, 400);
  await service.addEmergencyContact(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#contacts`, 303);
});

mobilityRoutes.post('/mobilities/:id/contacts/:contactId/delete', async (c) => {
  await service.removeEmergencyContact(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('contactId'));
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#contacts`, 303);
});

mobilityRoutes.post('/mobilities/:id/edit', async (c) => {
  const form = await parseForm(c, editMobilitySchema);
  if (!form.isValid) return render(c, <MobilityPage c={c} editValues={form.values} editErrors={form.errors} />, 400);
  try {
    await service.updateMobility(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return render(c, <MobilityPage c={c} editValues={form.values} editErrors={error.fields as FormErrors} />, 400);
    if (error instanceof AppError && error.code === 'conflict') return render(c, <MobilityPage c={c} editValues={form.values} editProblem={c.get('t')('mobilities.edit.closed')} />, 409);
    throw error;
  }
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved`, 303);
});

mobilityRoutes.post('/mobilities/:id/needs', async (c) => {
  const form = await parseForm(c, needsSchema);
  if (!form.isValid) return render(c, <MobilityPage c={c} />, 400);
  await service.updateNeeds(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#edit`, 303);
});

mobilityRoutes.post('/mobilities/:id/accompanied', async (c) => {
  const form = await parseForm(c, accompaniedSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.setAccompanied(c.get('deps').db, actorOf(c), c.req.param('id'), form.data.learnerMobilityIds);
  return c.redirect(`/mobilities/${c.req.param('id')}?notice=mobilities.saved#accompanied`, 303);
});
