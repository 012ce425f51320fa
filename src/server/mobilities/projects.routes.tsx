import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatNumber } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { budgetLines, keyActions, projectFields } from '../db/schema/index.js';
import { activityTypes, transportModes } from './rules/types.js';
import * as repository from './mobilities.repository.js';
import * as projects from './projects.service.js';
import { newMobilitySchema, projectSchema } from './mobilities.schema.js';

export const projectRoutes = new Hono<AppEnv>();
projectRoutes.use('/projects', requireViewer, staffLanguage);
projectRoutes.use('/projects/*', requireViewer, staffLanguage);

function fieldErrors(error: unknown): { status: 400 | 409; errors: FormErrors } | undefined {
  if (error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_input') && Object.keys(error.fields).length) {
    return { status: error.code === 'conflict' ? 409 : 400, errors: error.fields as FormErrors };
  }
  return undefined;
}

projectRoutes.get('/projects', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = c.get('viewer')!;
  const rows = await projects.visibleProjects(c.get('deps').db, viewer);
  return render(
    c,
    <Layout page={page} title={t('projects.title')}>
      <h1>{t('projects.title')}</h1>
      {(viewer.isPlatformAdmin || projects.beneficiaryOptions(viewer).length > 0) && (
        <p>
          <a class="button" href="/projects/new">
            {t('projects.new')}
          </a>
        </p>
      )}
      {rows.length === 0 && <p>{t('projects.none')}</p>}
      <ul class="card-list">
        {rows.map((row) => (
          <li class="card">
            <h2>
              <a href={`/projects/${row.id}`}>{row.title}</a>
            </h2>
            <p>
              <code>{row.code}</code> · {row.keyAction} · {row.beneficiaryName}
            </p>
            <p>
              {formatDate(language, row.startDate)} – {formatDate(language, row.endDate)} · {t('projects.mobilityCount', { count: row.mobilityCount })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

function NewProjectPage({ page, values, errors }: { page: PageContext; values: FormValues; errors?: FormErrors }) {
  const { t } = page;
  const options = page.viewer!.isPlatformAdmin ? projects.beneficiaryOptions(page.viewer!) : projects.beneficiaryOptions(page.viewer!);
  return (
    <Layout page={page} title={t('projects.new')}>
      <h1>{t('projects.new')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/projects" novalidate>
        <CsrfField page={page} />
        <TextField page={page} name="code" label={t('projects.code')} hint={t('projects.codeHint')} required values={values} errors={errors} maxlength={40} />
        <TextField page={page} name="title" label={t('projects.projectTitle')} required values={values} errors={errors} />
        <SelectField page={page} name="keyAction" label={t('projects.keyAction')} required values={values} errors={errors} options={keyActions.map((action) => ({ value: action, label: action }))} />
        <SelectField page={page} name="field" label={t('projects.field')} required values={values} errors={errors} options={projectFields.map((field) => ({ value: field, label: field }))} />
        <SelectField page={page} name="beneficiaryId" label={t('projects.beneficiary')} required values={values} errors={errors} options={options.map((option) => ({ value: option.id, label: option.name }))} />
        <TextField page={page} name="startDate" type="date" label={t('projects.start')} required values={values} errors={errors} />
        <TextField page={page} name="endDate" type="date" label={t('projects.end')} required values={values} errors={errors} />
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

projectRoutes.get('/projects/new', (c) => render(c, <NewProjectPage page={pageContext(c)} values={{ keyAction: 'KA121', field: 'VET' }} />));

projectRoutes.post('/projects', async (c) => {
  const form = await parseForm(c, projectSchema);
  const page = pageContext(c);
  if (!form.isValid) return render(c, <NewProjectPage page={page} values={form.values} errors={form.errors} />, 400);
  try {
    const project = await projects.createProject(c.get('deps').db, actorOf(c), form.data);
    return c.redirect(`/projects/${project.id}?notice=projects.created`, 303);
  } catch (error) {
    const failure = fieldErrors(error);
    if (!failure) throw error;
    return render(c, <NewProjectPage page={page} values={form.values} errors={failure.errors} />, failure.status);
  }
});

projectRoutes.get('/projects/:id', async (c) => {
  const db = c.get('deps').db;
  const found = await projects.projectFor(db, c.get('viewer')!, c.req.param('id'));
  const { project } = found;
  const page = pageContext(c);
  const { t, language } = page;
  const counts = await repository.mobilityCountsByActivity(db, project.id);
  return render(
    c,
    <Layout page={page} title={project.title}>
      <p class="breadcrumb">
        <a href="/projects">{t('projects.title')}</a>
      </p>
      <h1>{project.title}</h1>
      <dl class="facts">
        <dt>{t('projects.code')}</dt>
        <dd>
          <code>{project.code}</code>
        </dd>
        <dt>{t('projects.keyAction')}</dt>
        <dd>
          {project.keyAction} · {project.field}
        </dd>
        <dt>{t('projects.beneficiary')}</dt>
        <dd>{found.beneficiaryName}</dd>
        <dt>{t('mobilities.dates')}</dt>
        <dd>
          {formatDate(language, project.startDate)} – {formatDate(language, project.endDate)}
        </dd>
        <dt>{t('projects.sendingOrganisations')}</dt>
        <dd>{found.sending.map((organisation) => organisation.legalName).join(', ')}</dd>
      </dl>
      <Section title={t('projects.planned')}>
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('projects.planned')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mobilities.activityType')}</th>
                <th scope="col">{t('projects.plannedCount')}</th>
                <th scope="col">{t('projects.actualCount')}</th>
              </tr>
            </thead>
            <tbody>
              {activityTypes
                .filter((type) => project.plannedMobilities[type] || counts.some((row) => row.activityType === type))
                .map((type) => (
                  <tr>
                    <td>{t(`activity.${type}`)}</td>
                    <td>{project.plannedMobilities[type] ?? 0}</td>
                    <td>{counts.find((row) => row.activityType === type)?.count ?? 0}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        {Object.keys(project.budget).length > 0 && (
          <ul class="inline-list">
            {budgetLines
              .filter((line) => project.budget[line] !== undefined)
              .map((line) => (
                <li>
                  {t(`projects.budget.${line}`)}: <strong>{formatNumber(language, project.budget[line]!)} €</strong>
                </li>
              ))}
          </ul>
        )}
      </Section>
      <ul class="action-list">
        <li>
          <a href={`/mobilities?project=${project.id}`}>{t('projects.allMobilities')}</a>
        </li>
        {found.managedSending.length > 0 && (
          <>
            <li>
              <a href={`/projects/${project.id}/mobilities/new`}>{t('projects.addMobility')}</a>
            </li>
            <li>
              <a href={`/projects/${project.id}/import`}>{t('imports.title')}</a>
            </li>
          </>
        )}
        <li>
          <a href={`/projects/${project.id}/export/beneficiary-module.csv`}>{t('exports.csv')}</a> · <a href={`/projects/${project.id}/export/beneficiary-module.xlsx`}>XLSX</a> ·{' '}
          <a href={`/projects/${project.id}/export/pre-validation.csv`}>{t('exports.report')}</a>
        </li>
      </ul>
    </Layout>,
  );
});

async function NewMobilityPage({ c, values, errors }: { c: AppContext; values: FormValues; errors?: FormErrors }) {
  const db = c.get('deps').db;
  const found = await projects.projectFor(db, c.get('viewer')!, c.req.param('id')!);
  if (found.managedSending.length === 0) throw new AppError('not_found');
  const page = pageContext(c);
  const { t } = page;
  const [participants, hosts, tutors] = await Promise.all([
    projects.participantOptions(db, found.managedSending.map((organisation) => organisation.id)),
    repository.hostOrganisationOptions(db),
    projects.tutorOptions(db),
  ]);
  const hostNames = new Map(hosts.map((host) => [host.id, host.legalName]));
  return (
    <Layout page={page} title={t('projects.addMobility')}>
      <p class="breadcrumb">
        <a href={`/projects/${found.project.id}`}>{found.project.title}</a>
      </p>
      <h1>{t('projects.addMobility')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/projects/${found.project.id}/mobilities`} novalidate>
        <CsrfField page={page} />
        <SelectField page={page} name="sendingOrganisationId" label={t('mobilities.sending')} required values={values} errors={errors} options={found.managedSending.map((organisation) => ({ value: organisation.id, label: organisation.legalName }))} />
        <SelectField page={page} name="participantId" label={t('mobilities.participant')} required values={values} errors={errors} options={participants.map((person) => ({ value: person.id, label: `${person.familyName} ${person.givenName}` }))} />
        <SelectField page={page} name="activityType" label={t('mobilities.activityType')} required values={values} errors={errors} options={activityTypes.map((type) => ({ value: type, label: t(`activity.${type}`) }))} />
        <SelectField page={page} name="hostOrganisationId" label={t('mobilities.host')} required values={values} errors={errors} options={hosts.map((host) => ({ value: host.id, label: `${host.legalName} — ${host.city} (${host.country})` }))} />
        <SelectField page={page} name="tutorId" label={t('mobilities.tutor')} values={values} errors={errors} options={tutors.filter((tutor) => hostNames.has(tutor.organisationId)).map((tutor) => ({ value: tutor.id, label: `${tutor.familyName} ${tutor.givenName} — ${hostNames.get(tutor.organisationId)}` }))} />
        <TextField page={page} name="startDate" type="date" label={t('projects.start')} required values={values} errors={errors} />
        <TextField page={page} name="endDate" type="date" label={t('projects.end')} required values={values} errors={errors} />
        <TextField page={page} name="travelDays" inputmode="numeric" label={t('projects.travelDays')} values={values} errors={errors} maxlength={2} />
        <SelectField page={page} name="mainTransport" label={t('projects.transport')} values={values} errors={errors} options={transportModes.map((mode) => ({ value: mode, label: t(`transport.${mode}`) }))} />
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="isGreenTravel" checked={values['isGreenTravel'] === 'on'} /> {t('projects.greenTravel')}
          </label>
        </div>
        <TextField page={page} name="qualificationTitle" label={t('projects.qualification')} values={values} errors={errors} />
        <TextField page={page} name="eqfLevel" inputmode="numeric" label={t('projects.eqf')} values={values} errors={errors} maxlength={1} />
        <TextField page={page} name="iscedField" label={t('projects.isced')} values={values} errors={errors} maxlength={10} />
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="hasFewerOpportunities" checked={values['hasFewerOpportunities'] === 'on'} /> {t('mobilities.fewerOpportunities')}
          </label>
        </div>
        <TextField page={page} name="fewerOpportunitiesJustification" label={t('projects.fewerJustification')} values={values} errors={errors} />
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

projectRoutes.get('/projects/:id/mobilities/new', (c) => render(c, <NewMobilityPage c={c} values={{ travelDays: '2', activityType: 'vet_short_term' }} />));

projectRoutes.post('/projects/:id/mobilities', async (c) => {
  const form = await parseForm(c, newMobilitySchema);
  if (!form.isValid) return render(c, <NewMobilityPage c={c} values={form.values} errors={form.errors} />, 400);
  try {
    const mobility = await projects.createMobility(c.get('deps').db, actorOf(c), c.req.param('id'), form.data);
    return c.redirect(`/mobilities/${mobility.id}?notice=mobilities.saved`, 303);
  } catch (error) {
    const failure = fieldErrors(error);
    if (!failure) throw error;
    return render(c, <NewMobilityPage c={c} values={form.values} errors={failure.errors} />, failure.status);
  }
});
