import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, formatDateTime } from '../../shared/format.js';
import { incidentCategories, incidentSeverities } from '../db/schema/index.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { listMobilities } from '../mobilities/mobilities.repository.js';
import { mobilityManagerRoles } from '../mobilities/mobilities.policy.js';
import { organisationsWhere } from '../accounts/viewer.js';
import type { EmergencyNumber } from './emergency-numbers.js';
import { checkinSchema, closureSchema, incidentSchema, logEntrySchema, onCallSchema } from './incidents.schema.js';
import * as repository from './incidents.repository.js';
import * as service from './incidents.service.js';

export const incidentRoutes = new Hono<AppEnv>();
for (const path of [
  '/checkins',
  '/incidents',
  '/incidents/*',
  '/mobilities/:mobilityId/incidents',
  '/mobilities/:mobilityId/incidents/*',
  '/mobilities/:mobilityId/checkins',
]) {
  incidentRoutes.use(path, requireViewer);
}
incidentRoutes.use('/mobilities/:mobilityId/checkins', staffLanguage);
incidentRoutes.use('/organisations/:organisationId/on-call', requireViewer, staffLanguage);

const scoreKeys = ['wellbeing', 'atWork', 'atHome'] as const;
const scores = [1, 2, 3, 4, 5] as const;

/** A 1–5 scale as labelled radio buttons in a fieldset: usable with a thumb, a keyboard or a screen reader. */
function ScaleField({
  page,
  name,
  values,
  errors,
}: {
  page: PageContext;
  name: (typeof scoreKeys)[number];
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const error = errors?.[name];
  return (
    <fieldset class={error ? 'field field-error scale' : 'field scale'} aria-describedby={error ? `error-${name}` : undefined}>
      <legend>{page.t(`checkins.question.${name}`)}</legend>
      {error && (
        <p class="error-message" id={`error-${name}`}>
          {page.t(error)}
        </p>
      )}
      <div class="checkbox-row">
        {scores.map((score) => (
          <label class="checkbox" for={score === 1 ? `field-${name}` : `field-${name}-${score}`}>
            <input
              type="radio"
              id={score === 1 ? `field-${name}` : `field-${name}-${score}`}
              name={name}
              value={String(score)}
              checked={values?.[name] === String(score)}
              required
            />
            {`${score} · ${page.t(`checkins.scale.${score}`)}`}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const scoreLine = (page: PageContext, row: { wellbeing: number; atWork: number; atHome: number }) =>
  scoreKeys.map((key) => `${page.t(`checkins.short.${key}`)} ${row[key]}/5`).join(' · ');

async function checkinView(c: AppContext, values?: FormValues, errors?: FormErrors, status: 200 | 400 | 409 = 200) {
  const page = pageContext(c);
  const { t, language } = page;
  const data = await service.checkinPage(c.get('deps').db, actorOf(c));
  return render(
    c,
    <Layout page={page} title={t('checkins.title')}>
      <h1>{t('checkins.title')}</h1>
      {!data.stay && <p>{t('checkins.noStay')}</p>}
      {data.stay && data.answered && <p>{t('checkins.alreadyAnswered')}</p>}
      {data.stay && !data.answered && (
        <form method="post" action="/checkins" novalidate>
          <p>{t('checkins.intro', { week: formatDate(language, data.weekStart) })}</p>
          <CsrfField page={page} />
          <ErrorSummary page={page} errors={errors} />
          {scoreKeys.map((name) => (
            <ScaleField page={page} name={name} values={values} errors={errors} />
          ))}
          <LongTextField
            page={page}
            name="message"
            label={t('checkins.message')}
            hint={t('checkins.messageHint')}
            values={values}
            errors={errors}
            maxlength={2000}
            rows={4}
          />
          <p>
            <label class="checkbox" for="field-wantsToTalk">
              <input type="checkbox" id="field-wantsToTalk" name="wantsToTalk" value="yes" checked={values?.['wantsToTalk'] === 'yes'} />
              {t('checkins.wantsToTalk')}
            </label>
          </p>
          <button type="submit">{t('checkins.submit')}</button>
        </form>
      )}
      {data.stay && (
        <p>
          <a href={`/mobilities/${data.stay.id}/incidents/new`}>{t('incidents.reportLink')}</a>
        </p>
      )}
      {data.history.length > 0 && (
        <Section title={t('checkins.history')} id="checkin-history">
          <ul class="plain-list">
            {data.history.map((row) => (
              <li>
                <strong>{formatDate(language, row.weekStart)}</strong> — {scoreLine(page, row)}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </Layout>,
    status,
  );
}

incidentRoutes.get('/checkins', (c) => checkinView(c));

incidentRoutes.post('/checkins', async (c) => {
  const form = await parseForm(c, checkinSchema);
  if (!form.isValid) return checkinView(c, form.values, form.errors, 400);
  try {
    await service.submitCheckin(c.get('deps'), actorOf(c), form.data);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return checkinView(c, form.values, undefined, 409);
    throw error;
  }
  return c.redirect('/checkins?notice=checkins.thanks', 303);
});

incidentRoutes.get('/mobilities/:mobilityId/checkins', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const { view, checkins } = await service.checkinsOfMobility(c.get('deps').db, actorOf(c), c.req.param('mobilityId'));
  const learner = `${view.participant.givenName} ${view.participant.familyName}`;
  return render(
    c,
    <Layout page={page} title={t('coachCheckins.title', { learner })}>
      <p class="breadcrumb">
        <a href={`/mobilities/${view.mobility.id}`}>{learner}</a>
      </p>
      <h1>{t('coachCheckins.title', { learner })}</h1>
      {checkins.length === 0 ? (
        <p>{t('coachCheckins.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coachCheckins.week')}</th>
              {scoreKeys.map((key) => (
                <th scope="col">{t(`checkins.short.${key}`)}</th>
              ))}
              <th scope="col">{t('coachCheckins.wantsToTalk')}</th>
              <th scope="col">{t('checkins.message')}</th>
            </tr>
          </thead>
          <tbody>
            {checkins.map((row) => (
              <tr class={row.needsAttention ? 'row-attention' : undefined}>
                <th scope="row">{formatDate(language, row.weekStart)}</th>
                {scoreKeys.map((key) => (
                  <td>{row[key]}/5</td>
                ))}
                <td>{row.wantsToTalk ? t('coachCheckins.yes') : t('coachCheckins.no')}</td>
                <td>{row.message ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
});

// ---- incidents ------------------------------------------------------------------------------------

function EmergencyNumbers({ page, numbers, country }: { page: PageContext; numbers: EmergencyNumber[]; country: string | null }) {
  const { t, language } = page;
  return (
    <Section title={t('incidents.emergency.title', { country: country ? countryName(language, country) : '—' })} id="incident-emergency">
      <p>{t('incidents.emergency.intro')}</p>
      <ul class="plain-list emergency-numbers">
        {numbers.map((entry) => (
          <li>
            <a href={entry.href}>
              <strong>{entry.number}</strong>
            </a>{' '}
            — {entry.label ? entry.label[language === 'fr' ? 'fr' : 'en'] : t('incidents.emergency.112')}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const statusLabel = (page: PageContext, status: 'open' | 'closed') => page.t(`incidents.status.${status}`);

incidentRoutes.get('/incidents', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = page.viewer!;
  const db = c.get('deps').db;
  const managed = organisationsWhere(viewer, mobilityManagerRoles);
  // Reports concern stays under way, or confirmed ones about to start (accommodation, arrival).
  const [rows, underWay, confirmed] = await Promise.all([
    repository.listIncidentsFor(db, viewer.personId, managed, 100),
    listMobilities(db, viewer, { offset: 0, limit: 30, status: 'under_way' }),
    listMobilities(db, viewer, { offset: 0, limit: 30, status: 'confirmed' }),
  ]);
  const reportable = [...underWay, ...confirmed];
  return render(
    c,
    <Layout page={page} title={t('incidents.title')}>
      <h1>{t('incidents.title')}</h1>
      <Section title={t('incidents.report.title')} id="incident-report">
        {reportable.length === 0 ? (
          <p>{t('incidents.report.none')}</p>
        ) : (
          <ul class="plain-list">
            {reportable.map((row) => (
              <li>
                <a href={`/mobilities/${row.id}/incidents/new`}>
                  {t('incidents.report.about', { learner: `${row.givenName} ${row.familyName}` })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('incidents.list.title')} id="incident-list">
        {rows.length === 0 ? (
          <p>{t('incidents.list.none')}</p>
        ) : (
          <ul class="plain-list">
            {rows.map((row) => (
              <li>
                <a href={`/incidents/${row.id}`}>{`${t(`incidents.category.${row.category}`)} — ${row.givenName} ${row.familyName}`}</a>
                <br />
                <span class="hint">
                  {formatDateTime(language, row.createdAt)} · {t(`incidents.severity.${row.severity}`)} · {statusLabel(page, row.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Layout>,
  );
});

async function reportView(c: AppContext, values?: FormValues, errors?: FormErrors, status: 200 | 400 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const view = await service.reportForm(c.get('deps').db, actorOf(c), c.req.param('mobilityId')!);
  const learner = `${view.participant.givenName} ${view.participant.familyName}`;
  return render(
    c,
    <Layout page={page} title={t('incidents.report.formTitle', { learner })}>
      <h1>{t('incidents.report.formTitle', { learner })}</h1>
      <p>{t('incidents.report.intro')}</p>
      <form method="post" action={`/mobilities/${view.mobility.id}/incidents`} novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <SelectField
          page={page}
          name="category"
          label={t('incidents.field.category')}
          values={values}
          errors={errors}
          required
          options={incidentCategories.map((value) => ({ value, label: t(`incidents.category.${value}`) }))}
        />
        <SelectField
          page={page}
          name="severity"
          label={t('incidents.field.severity')}
          hint={t('incidents.field.severityHint')}
          values={values}
          errors={errors}
          required
          options={incidentSeverities.map((value) => ({ value, label: t(`incidents.severity.${value}`) }))}
        />
        <LongTextField
          page={page}
          name="description"
          label={t('incidents.field.description')}
          values={values}
          errors={errors}
          required
          maxlength={4000}
        />
        <button type="submit">{t('incidents.report.submit')}</button>
      </form>
    </Layout>,
    status,
  );
}

incidentRoutes.get('/mobilities/:mobilityId/incidents/new', (c) => reportView(c));

incidentRoutes.post('/mobilities/:mobilityId/incidents', async (c) => {
  const form = await parseForm(c, incidentSchema);
  if (!form.isValid) return reportView(c, form.values, form.errors, 400);
  const incident = await service.reportIncident(c.get('deps'), actorOf(c), c.req.param('mobilityId'), form.data);
  return c.redirect(`/incidents/${incident.id}?notice=incidents.report.sent`, 303);
});

async function incidentView(c: AppContext, errors?: FormErrors, values?: FormValues, status: 200 | 400 | 409 = 200) {
  const page = pageContext(c);
  const { t, language } = page;
  const data = await service.incidentFor(c.get('deps').db, actorOf(c), c.req.param('incidentId')!);
  const { incident } = data;
  const learner = `${data.learner.givenName} ${data.learner.familyName}`;
  return render(
    c,
    <Layout page={page} title={t('incidents.detail.title', { learner })}>
      <p class="breadcrumb">
        <a href="/incidents">{t('incidents.title')}</a>
      </p>
      <h1>{t('incidents.detail.title', { learner })}</h1>
      {data.emergencyNumbers.length > 0 && <EmergencyNumbers page={page} numbers={data.emergencyNumbers} country={incident.hostCountry} />}
      <Section title={t('incidents.detail.report')} id="incident-report-detail">
        <dl class="facts">
          <dt>{t('incidents.field.category')}</dt>
          <dd>{t(`incidents.category.${incident.category}`)}</dd>
          <dt>{t('incidents.field.severity')}</dt>
          <dd>{t(`incidents.severity.${incident.severity}`)}</dd>
          <dt>{t('incidents.detail.status')}</dt>
          <dd>{statusLabel(page, incident.status)}</dd>
          <dt>{t('incidents.detail.reportedAt')}</dt>
          <dd>{formatDateTime(language, incident.createdAt)}</dd>
          {data.reporter && (
            <>
              <dt>{t('incidents.detail.reporter')}</dt>
              <dd>{`${data.reporter.givenName} ${data.reporter.familyName} (${t(service.relationRole[incident.reporterRelation as keyof typeof service.relationRole])})`}</dd>
            </>
          )}
          <dt>{t('incidents.field.description')}</dt>
          <dd class="preserve-lines">{incident.description}</dd>
        </dl>
      </Section>
      {data.rights.readLog && (
        <Section title={t('mediation.title')} id="mediation-log">
          {data.log.length === 0 ? (
            <p>{t('mediation.empty')}</p>
          ) : (
            <ol class="plain-list">
              {data.log.map(({ entry, authorGivenName, authorFamilyName }) => (
                <li class="card">
                  <p class="hint">
                    {formatDateTime(language, entry.createdAt)} — {authorGivenName ? `${authorGivenName} ${authorFamilyName}` : '—'}
                  </p>
                  <p>
                    <strong>{t('mediation.actionTaken')}</strong> : {entry.actionTaken}
                  </p>
                  {entry.contacted && (
                    <p>
                      <strong>{t('mediation.contacted')}</strong> : {entry.contacted}
                    </p>
                  )}
                  {entry.outcome && (
                    <p>
                      <strong>{t('mediation.outcome')}</strong> : {entry.outcome}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          )}
          {incident.status === 'closed' && (
            <p>
              <strong>{t('mediation.resolution')}</strong> : {incident.resolution}
              {incident.closedAt && ` (${formatDateTime(language, incident.closedAt)})`}
            </p>
          )}
          {incident.status === 'open' && data.rights.mediate && (
            <form method="post" action={`/incidents/${incident.id}/log`} novalidate>
              <h3>{t('mediation.add')}</h3>
              <CsrfField page={page} />
              <ErrorSummary page={page} errors={errors?.['actionTaken'] ? errors : undefined} />
              <LongTextField
                page={page}
                name="actionTaken"
                label={t('mediation.actionTaken')}
                values={values}
                errors={errors}
                required
                maxlength={2000}
                rows={3}
              />
              <TextField page={page} name="contacted" label={t('mediation.contacted')} values={values} errors={errors} maxlength={500} />
              <LongTextField
                page={page}
                name="outcome"
                label={t('mediation.outcome')}
                values={values}
                errors={errors}
                maxlength={2000}
                rows={3}
              />
              <button type="submit">{t('mediation.addSubmit')}</button>
            </form>
          )}
          {incident.status === 'open' && data.rights.close && (
            <form method="post" action={`/incidents/${incident.id}/close`} novalidate>
              <h3>{t('mediation.close')}</h3>
              <CsrfField page={page} />
              <ErrorSummary page={page} errors={errors?.['resolution'] ? errors : undefined} />
              <LongTextField
                page={page}
                name="resolution"
                label={t('mediation.resolution')}
                values={values}
                errors={errors}
                required
                maxlength={2000}
                rows={3}
              />
              <button type="submit">{t('mediation.closeSubmit')}</button>
            </form>
          )}
        </Section>
      )}
    </Layout>,
    status,
  );
}

incidentRoutes.get('/incidents/:incidentId', (c) => incidentView(c));

incidentRoutes.post('/incidents/:incidentId/log', async (c) => {
  const form = await parseForm(c, logEntrySchema);
  if (!form.isValid) return incidentView(c, form.errors, form.values, 400);
  await service.addLogEntry(c.get('deps').db, actorOf(c), c.req.param('incidentId'), form.data);
  return c.redirect(`/incidents/${c.req.param('incidentId')}?notice=mediation.added#mediation-log`, 303);
});

incidentRoutes.post('/incidents/:incidentId/close', async (c) => {
  const form = await parseForm(c, closureSchema);
  if (!form.isValid) return incidentView(c, form.errors, form.values, 400);
  await service.closeIncident(c.get('deps').db, actorOf(c), c.req.param('incidentId'), form.data.resolution);
  return c.redirect(`/incidents/${c.req.param('incidentId')}?notice=mediation.closed`, 303);
});

// ---- on-call contact ------------------------------------------------------------------------------

async function onCallView(c: AppContext, values?: FormValues, errors?: FormErrors, status: 200 | 400 = 200) {
  const page = pageContext(c);
  const { t } = page;
  const { organisation, onCall } = await service.onCallOf(c.get('deps').db, actorOf(c), c.req.param('organisationId')!);
  const shown = values ?? (onCall ? { name: onCall.name, phone: onCall.phone, email: onCall.email } : {});
  return render(
    c,
    <Layout page={page} title={t('mediation.onCall.title')}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.id}/members`}>{organisation.legalName}</a>
      </p>
      <h1>{t('mediation.onCall.title')}</h1>
      <p>{t('mediation.onCall.intro')}</p>
      <form method="post" action={`/organisations/${organisation.id}/on-call`} novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <TextField page={page} name="name" label={t('mediation.onCall.name')} values={shown} errors={errors} required autocomplete="name" />
        <TextField
          page={page}
          name="phone"
          type="tel"
          label={t('mediation.onCall.phone')}
          hint={t('mediation.onCall.phoneHint')}
          values={shown}
          errors={errors}
          required
          inputmode="tel"
        />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t('mediation.onCall.email')}
          values={shown}
          errors={errors}
          required
          autocomplete="email"
        />
        <button type="submit">{t('common.save')}</button>
      </form>
    </Layout>,
    status,
  );
}

incidentRoutes.get('/organisations/:organisationId/on-call', (c) => onCallView(c));

incidentRoutes.post('/organisations/:organisationId/on-call', async (c) => {
  const form = await parseForm(c, onCallSchema);
  if (!form.isValid) return onCallView(c, form.values, form.errors, 400);
  await service.saveOnCall(c.get('deps').db, actorOf(c), c.req.param('organisationId'), form.data);
  return c.redirect(`/organisations/${c.req.param('organisationId')}/on-call?notice=mediation.onCall.saved`, 303);
});
