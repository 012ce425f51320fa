import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { organisationsWhere } from '../accounts/viewer.js';
import { selectionCriteria } from '../db/schema/index.js';
import { activityTypes } from './rules/types.js';
import * as repository from './offers.repository.js';
import * as mobilityRepository from './mobilities.repository.js';
import * as service from './offers.service.js';
import * as projects from './projects.service.js';
import { applicationSchema, decisionSchema, employerDecisionSchema, offerSchema, scoresSchema } from './mobilities.schema.js';

export const offerRoutes = new Hono<AppEnv>();
offerRoutes.use('/offers', requireViewer);
offerRoutes.use('/offers/*', requireViewer);

const textArea = (name: string, label: string, values: FormValues | undefined, errors: FormErrors | undefined, t: (key: never) => string, required = false) => (
  <div class={errors?.[name] ? 'field field-error' : 'field'}>
    <label for={`field-${name}`}>{label}</label>
    {errors?.[name] && (
      <p class="error-message" id={`error-${name}`}>
        {t(errors[name] as never)}
      </p>
    )}
    <textarea id={`field-${name}`} name={name} rows={5} required={required} maxlength={5000} aria-invalid={errors?.[name] ? 'true' : undefined} aria-describedby={errors?.[name] ? `error-${name}` : undefined}>
      {values?.[name] ?? ''}
    </textarea>
  </div>
);

offerRoutes.get('/offers', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const managed = service.managedOrganisations(viewer);
  const learnerOrganisations = organisationsWhere(viewer, ['learner']);
  const [managedOffers, openOffers, mine] = await Promise.all([
    repository.listOffers(db, managed, false),
    repository.listOffers(db, learnerOrganisations, true),
    learnerOrganisations.length ? repository.applicationsOfLearner(db, viewer.personId) : Promise.resolve([]),
  ]);
  const offers = [...managedOffers, ...openOffers.filter((row) => !managedOffers.some((managedRow) => managedRow.offer.id === row.offer.id))];
  return render(
    c,
    <Layout page={page} title={t('offers.title')}>
      <h1>{t('offers.title')}</h1>
      {managed.length > 0 && (
        <p>
          <a class="button" href="/offers/new">
            {t('offers.new')}
          </a>
        </p>
      )}
      {mine.length > 0 && (
        <Section title={t('offers.yourApplication')}>
          <ul class="plain-list">
            {mine.map((row) => (
              <li>
                <a href={`/offers/${row.application.offerId}`}>{row.offerTitle}</a> — {t(`offers.status.${row.application.status}`)}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {offers.length === 0 && <p>{t('offers.none')}</p>}
      <ul class="card-list">
        {offers.map((row) => (
          <li class="card">
            <h2>
              <a href={`/offers/${row.offer.id}`}>{row.offer.title}</a>
            </h2>
            <p>
              {row.offer.destinationCity}, {countryName(language, row.offer.destinationCountry)} · {formatDate(language, row.offer.startDate)} – {formatDate(language, row.offer.endDate)}
            </p>
            <p>
              {t('offers.deadline')} {formatDate(language, row.offer.deadline)} · {t('offers.places')}: {row.offer.places}
              {managed.includes(row.offer.organisationId) && ` · ${t('offers.applicationCount', { count: row.applicationCount })}`}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

async function NewOfferPage({ c, values, errors }: { c: AppContext; values: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const managed = service.managedOrganisations(viewer);
  if (managed.length === 0) throw new AppError('not_found');
  const [projectRows, hosts] = await Promise.all([projects.visibleProjects(db, viewer), mobilityRepository.hostOrganisationOptions(db)]);
  const organisationNames = new Map(viewer.memberships.map((m) => [m.organisationId, m.organisationName]));
  return (
    <Layout page={page} title={t('offers.new')}>
      <h1>{t('offers.new')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/offers" novalidate>
        <CsrfField page={page} />
        <SelectField page={page} name="organisationId" label={t('mobilities.sending')} required values={values} errors={errors} options={managed.map((id) => ({ value: id, label: organisationNames.get(id) ?? id }))} />
        <SelectField page={page} name="projectId" label={t('mobilities.project')} required values={values} errors={errors} options={projectRows.map((project) => ({ value: project.id, label: `${project.title} (${project.code})` }))} />
        <TextField page={page} name="title" label={t('offers.offerTitle')} required values={values} errors={errors} />
        <SelectField page={page} name="activityType" label={t('mobilities.activityType')} required values={values} errors={errors} options={activityTypes.map((type) => ({ value: type, label: t(`activity.${type}`) }))} />
        <TextField page={page} name="destinationCity" label={t('offers.city')} required values={values} errors={errors} />
        <TextField page={page} name="destinationCountry" label={t('offers.country')} hint={t('organisations.field.countryHint')} required values={values} errors={errors} maxlength={2} />
        <SelectField page={page} name="hostOrganisationId" label={t('offers.host')} values={values} errors={errors} options={hosts.map((host) => ({ value: host.id, label: `${host.legalName} — ${host.city}` }))} />
        <TextField page={page} name="sector" label={t('offers.sector')} values={values} errors={errors} />
        <TextField page={page} name="startDate" type="date" label={t('projects.start')} required values={values} errors={errors} />
        <TextField page={page} name="endDate" type="date" label={t('projects.end')} required values={values} errors={errors} />
        <TextField page={page} name="places" inputmode="numeric" label={t('offers.places')} required values={values} errors={errors} maxlength={3} />
        <TextField page={page} name="deadline" type="date" label={t('offers.deadline')} required values={values} errors={errors} />
        {textArea('eligibility', t('offers.eligibility'), values, errors, t as never)}
        {textArea('costsCovered', t('offers.costs'), values, errors, t as never)}
        <button type="submit">{t('offers.new')}</button>
      </form>
    </Layout>
  );
}

offerRoutes.get('/offers/new', (c) => render(c, <NewOfferPage c={c} values={{ activityType: 'vet_short_term', places: '2' }} />));

offerRoutes.post('/offers', async (c) => {
  const form = await parseForm(c, offerSchema);
  if (!form.isValid) return render(c, <NewOfferPage c={c} values={form.values} errors={form.errors} />, 400);
  const offer = await service.createOffer(c.get('deps').db, actorOf(c), form.data);
  return c.redirect(`/offers/${offer.id}?notice=offers.published`, 303);
});

async function OfferPage({ c, values, errors, problem }: { c: AppContext; values?: FormValues; errors?: FormErrors; problem?: string }) {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const { offer, organisationName, canManage, isLearner } = await service.offerFor(db, viewer, c.req.param('id')!);
  const mine = isLearner ? await repository.applicationOfLearner(db, offer.id, viewer.personId) : undefined;
  const isOpen = offer.status === 'published' && c.get('deps').now().toISOString().slice(0, 10) <= offer.deadline;
  return (
    <Layout page={page} title={offer.title}>
      <p class="breadcrumb">
        <a href="/offers">{t('offers.title')}</a>
      </p>
      <h1>{offer.title}</h1>
      <dl class="facts">
        <dt>{t('offers.destination')}</dt>
        <dd>
          {offer.destinationCity}, {countryName(language, offer.destinationCountry)}
        </dd>
        <dt>{t('mobilities.dates')}</dt>
        <dd>
          {formatDate(language, offer.startDate)} – {formatDate(language, offer.endDate)}
        </dd>
        <dt>{t('mobilities.sending')}</dt>
        <dd>{organisationName}</dd>
        <dt>{t('offers.places')}</dt>
        <dd>{offer.places}</dd>
        <dt>{t('offers.deadline')}</dt>
        <dd>{formatDate(language, offer.deadline)}</dd>
        {offer.sector && (
          <>
            <dt>{t('offers.sector')}</dt>
            <dd>{offer.sector}</dd>
          </>
        )}
        {offer.eligibility && (
          <>
            <dt>{t('offers.eligibility')}</dt>
            <dd class="preserve-lines">{offer.eligibility}</dd>
          </>
        )}
        {offer.costsCovered && (
          <>
            <dt>{t('offers.costs')}</dt>
            <dd class="preserve-lines">{offer.costsCovered}</dd>
          </>
        )}
      </dl>
      {canManage && (
        <p>
          <a class="button" href={`/offers/${offer.id}/applications`}>
            {t('offers.applications')}
          </a>
        </p>
      )}
      {problem && (
        <p class="error-summary" role="alert">
          {problem}
        </p>
      )}
      {mine ? (
        <Section title={t('offers.yourApplication')}>
          <p>
            <strong>{t(`offers.status.${mine.status}`)}</strong> · {t(`offers.employer.${mine.employerDecision}`)}
          </p>
        </Section>
      ) : (
        isLearner &&
        (isOpen ? (
          <Section title={t('offers.apply')} id="apply">
            <ErrorSummary page={page} errors={errors} />
            <form method="post" action={`/offers/${offer.id}/apply`} novalidate>
              <CsrfField page={page} />
              {textArea('motivation', t('offers.motivation'), values, errors, t as never, true)}
              <SelectField page={page} name="languageLevel" label={t('offers.languageLevel')} required values={values} errors={errors} options={['A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((level) => ({ value: level, label: level }))} />
              <TextField page={page} name="cvLink" type="url" label={t('offers.cvLink')} values={values} errors={errors} />
              <TextField page={page} name="employerName" label={t('offers.employerName')} values={values} errors={errors} />
              <TextField page={page} name="employerEmail" type="email" label={t('offers.employerEmail')} values={values} errors={errors} />
              <SelectField page={page} name="employerLanguage" label={t('offers.employerLanguage')} required values={values ?? { employerLanguage: 'fr' }} errors={errors} options={languages.map((code) => ({ value: code, label: languageNames[code] }))} />
              <button type="submit">{t('offers.apply')}</button>
            </form>
          </Section>
        ) : (
          <p>{t('offers.deadlinePassed')}</p>
        ))
      )}
    </Layout>
  );
}

offerRoutes.get('/offers/:id', (c) => render(c, <OfferPage c={c} />));

offerRoutes.post('/offers/:id/apply', async (c) => {
  const form = await parseForm(c, applicationSchema);
  if (!form.isValid) return render(c, <OfferPage c={c} values={form.values} errors={form.errors} />, 400);
  try {
    await service.applyToOffer(c.get('deps'), actorOf(c), c.req.param('id'), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return render(c, <OfferPage c={c} values={form.values} problem={c.get('t')(error.message as 'offers.deadlinePassed')} />, 409);
    throw error;
  }
  return c.redirect(`/offers/${c.req.param('id')}?notice=offers.submitted`, 303);
});

async function ApplicationsPage({ c, problem }: { c: AppContext; problem?: string }) {
  const page = pageContext(c);
  const { t } = page;
  const db = c.get('deps').db;
  const { offer, canManage } = await service.offerFor(db, c.get('viewer')!, c.req.param('id')!);
  if (!canManage) throw new AppError('not_found');
  const rows = await repository.rankedApplications(db, offer.id);
  return (
    <Layout page={page} title={`${t('offers.applications')} — ${offer.title}`}>
      <p class="breadcrumb">
        <a href={`/offers/${offer.id}`}>{offer.title}</a>
      </p>
      <h1>{t('offers.applications')}</h1>
      <p class="hint">{t('offers.scoreHint')}</p>
      {problem && (
        <p class="error-summary" role="alert">
          {problem}
        </p>
      )}
      <ol class="application-list">
        {rows.map((row, index) => (
          <li class="card">
            <h2>
              {t('offers.rank')} {index + 1} — {row.givenName} {row.familyName}
            </h2>
            <p>
              <strong>{t(`offers.status.${row.application.status}`)}</strong> · {t(`offers.employer.${row.application.employerDecision}`)} · {t('offers.score')}: {row.application.weightedScore ?? '—'} · {t('offers.languageLevel')}: {row.application.languageLevel}
            </p>
            <p class="preserve-lines">{row.application.motivation}</p>
            {row.application.cvLink && (
              <p>
                <a href={row.application.cvLink} rel="noopener noreferrer nofollow">
                  CV
                </a>
              </p>
            )}
            <form method="post" action={`/offers/${offer.id}/applications/${row.application.id}/score`} class="score-form">
              <CsrfField page={page} />
              {selectionCriteria.map((criterion) => (
                <div class="filter-field">
                  <label for={`score-${row.application.id}-${criterion}`}>{t(`offers.criterion.${criterion}`)}</label>
                  <select id={`score-${row.application.id}-${criterion}`} name={criterion}>
                    {[0, 1, 2, 3, 4, 5].map((value) => (
                      <option value={String(value)} selected={row.application.scores[criterion] === value}>
                        {value}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              <button type="submit" class="button-small">
                {t('offers.saveScores')}
              </button>
            </form>
            {row.application.status !== 'selected' && (
              <div class="transition-list">
                {(['selected', 'waiting_list', 'rejected'] as const)
                  .filter((decision) => decision !== row.application.status)
                  .map((decision) => (
                    <PostButton page={page} action={`/offers/${offer.id}/applications/${row.application.id}/decide`} hidden={{ decision }} label={t(`offers.decide.${decision}`)} quiet={decision !== 'selected'} />
                  ))}
              </div>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

offerRoutes.get('/offers/:id/applications', (c) => render(c, <ApplicationsPage c={c} />));

offerRoutes.post('/offers/:id/applications/:applicationId/score', async (c) => {
  const form = await parseForm(c, scoresSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.scoreApplication(c.get('deps').db, actorOf(c), c.req.param('id'), c.req.param('applicationId'), form.data);
  return c.redirect(`/offers/${c.req.param('id')}/applications?notice=common.saved`, 303);
});

offerRoutes.post('/offers/:id/applications/:applicationId/decide', async (c) => {
  const form = await parseForm(c, decisionSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  try {
    await service.decideApplication(c.get('deps'), actorOf(c), c.req.param('id'), c.req.param('applicationId'), form.data.decision);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return render(c, <ApplicationsPage c={c} problem={c.get('t')(error.message as 'offers.employerNotAgreed')} />, 409);
    throw error;
  }
  return c.redirect(`/offers/${c.req.param('id')}/applications?notice=offers.decided`, 303);
});

/** The employer agrees from the emailed link, in their language, without an account. */
export const employerRoutes = new Hono<AppEnv>();

employerRoutes.get('/employer-approval/:token', async (c) => {
  const found = await service.employerApprovalFor(c.get('deps').db, c.req.param('token'));
  const page = pageContext(c);
  const { t, language } = page;
  const { application, offer } = found;
  return render(
    c,
    <Layout page={page} title={t('offers.employerPage.title')}>
      <div class="narrow">
        <h1>{t('offers.employerPage.title')}</h1>
        <p>
          {t('offers.employerPage.intro', {
            name: `${found.givenName} ${found.familyName}`,
            offer: offer.title,
            city: offer.destinationCity,
            start: formatDate(language, offer.startDate),
            end: formatDate(language, offer.endDate),
          })}
        </p>
        <h2>{t('offers.employerPage.motivation')}</h2>
        <p class="preserve-lines">{application.motivation}</p>
        {application.employerDecision === 'pending' ? (
          <div class="transition-list">
            <PostButton page={page} action={`/employer-approval/${c.req.param('token')}`} hidden={{ decision: 'approved' }} label={t('offers.employerPage.approve')} />
            <PostButton page={page} action={`/employer-approval/${c.req.param('token')}`} hidden={{ decision: 'refused' }} label={t('offers.employerPage.refuse')} quiet />
          </div>
        ) : (
          <p class="notice" role="status">
            {t('offers.employerPage.thanks')} ({t(`offers.employer.${application.employerDecision}`)})
          </p>
        )}
      </div>
    </Layout>,
  );
});

employerRoutes.post('/employer-approval/:token', async (c) => {
  const form = await parseForm(c, employerDecisionSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.recordEmployerDecision(c.get('deps').db, c.req.param('token'), form.data.decision, c.get('requestId'), c.get('deps').now());
  return c.redirect(`/employer-approval/${c.req.param('token')}?lang=${c.get('language')}`, 303);
});
