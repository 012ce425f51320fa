import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDateTime } from '../../shared/format.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { evidenceKinds, timelineAnchors, timelinePhases, timelineRoles, type timelineTemplateSteps } from '../db/schema/index.js';
import { copyTemplateSchema, moveStepSchema, templateStepSchema } from './timeline.schema.js';
import { Translated, translatedText } from './timeline-view.js';
import * as service from './timeline.service.js';

/** Organisation templates: coaches copy a content template and change it in the app, no code involved. */
export const templateRoutes = new Hono<AppEnv>();

type TemplateStep = typeof timelineTemplateSteps.$inferSelect;
const templatePath = (templateId: string) => `/timeline/templates/${templateId}`;

function organisationName(page: PageContext, organisationId: string | null) {
  return (
    page.viewer?.memberships.find((membership) => membership.organisationId === organisationId)?.organisationName ??
    page.t('timelineAdmin.templates.platform')
  );
}

templateRoutes.get('/timeline/templates', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const { templates } = await service.templatesFor(c.get('deps').db, page.viewer!);
  return render(
    c,
    <Layout page={page} title={t('timelineAdmin.templates.title')}>
      <p class="breadcrumb">
        <a href="/timeline/board">{t('timelineAdmin.board.title')}</a>
      </p>
      <h1>{t('timelineAdmin.templates.title')}</h1>
      <p class="lead">{t('timelineAdmin.templates.intro')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('timelineAdmin.templates.template')}</th>
              <th scope="col">{t('timelineAdmin.templates.owner')}</th>
              <th scope="col">{t('timelineAdmin.templates.version')}</th>
              <th scope="col">{t('timelineAdmin.templates.steps')}</th>
              <th scope="col">{t('timelineAdmin.templates.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr>
                <td>
                  <a href={templatePath(template.id)}>
                    <Translated page={page} text={template.title} />
                  </a>
                </td>
                <td>{organisationName(page, template.organisationId)}</td>
                <td>{template.version}</td>
                <td>{template.stepCount}</td>
                <td>{formatDateTime(language, template.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
});

async function TemplatePage({ c, copyErrors }: { c: AppContext; copyErrors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const { template, steps, isEditable, organisationIds } = await service.templateFor(
    c.get('deps').db,
    page.viewer!,
    c.req.param('templateId')!,
  );
  const path = templatePath(template.id);
  return (
    <Layout page={page} title={translatedText(page, template.title)}>
      <p class="breadcrumb">
        <a href="/timeline/templates">{t('timelineAdmin.templates.title')}</a>
      </p>
      <h1>
        <Translated page={page} text={template.title} />
      </h1>
      <p>
        {organisationName(page, template.organisationId)} · {t('timelineAdmin.templates.version')} {template.version}
      </p>
      <p>
        <Translated page={page} text={template.description} />
      </p>
      {!isEditable && (
        <Section title={t('timelineAdmin.copy.title')} id="copy">
          <p>{t('timelineAdmin.copy.intro')}</p>
          <ErrorSummary page={page} errors={copyErrors} />
          <form method="post" action={`${path}/copy`}>
            <CsrfField page={page} />
            <SelectField
              page={page}
              name="organisationId"
              label={t('timelineAdmin.copy.organisation')}
              required
              errors={copyErrors}
              options={organisationIds.map((id) => ({ value: id, label: organisationName(page, id) }))}
            />
            <button type="submit">{t('timelineAdmin.copy.submit')}</button>
          </form>
        </Section>
      )}
      {isEditable && (
        <p>
          <a class="button" href={`${path}/steps/new`}>
            {t('timelineAdmin.step.add')}
          </a>
        </p>
      )}
      <ol class="template-steps">
        {steps.map((step, index) => (
          <li class="card">
            <h2>
              <Translated page={page} text={step.title} />
            </h2>
            <p class="hint">
              {t(`timeline.phase.${step.phase}`)} · {t(`timeline.role.${step.role}`)} ·{' '}
              {t(`timelineAdmin.anchor.${step.anchor}`, { days: step.offsetDays })} · {t(`timeline.evidence.${step.evidence}`)}
            </p>
            {isEditable && (
              <div class="step-actions">
                <a class="button-small button-quiet" href={`${path}/steps/${step.id}`}>
                  {t('common.edit')}
                  <span class="visually-hidden">: {translatedText(page, step.title)}</span>
                </a>
                {index > 0 && (
                  <PostButton
                    page={page}
                    action={`${path}/steps/${step.id}/move`}
                    hidden={{ direction: 'up' }}
                    label={t('timelineAdmin.step.up', { title: translatedText(page, step.title) })}
                    quiet
                  />
                )}
                {index < steps.length - 1 && (
                  <PostButton
                    page={page}
                    action={`${path}/steps/${step.id}/move`}
                    hidden={{ direction: 'down' }}
                    label={t('timelineAdmin.step.down', { title: translatedText(page, step.title) })}
                    quiet
                  />
                )}
                <PostButton
                  page={page}
                  action={`${path}/steps/${step.id}/remove`}
                  label={t('timelineAdmin.step.remove', { title: translatedText(page, step.title) })}
                  quiet
                />
              </div>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** What the step form shows: the step's stored values, or what the user typed. */
function stepFormValues(step: TemplateStep | undefined): FormValues {
  if (!step) return { phase: 'before', role: 'coach', anchor: 'departure', offsetDays: '-30', evidence: 'checkbox' };
  const values: FormValues = {
    phase: step.phase,
    role: step.role,
    anchor: step.anchor,
    offsetDays: String(step.offsetDays),
    evidence: step.evidence,
  };
  for (const code of languages) {
    values[`title_${code}`] = step.title[code];
    values[`guidance_${code}`] = step.guidance[code];
  }
  return values;
}

async function StepFormPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const { template, steps, isEditable } = await service.templateFor(c.get('deps').db, page.viewer!, c.req.param('templateId')!);
  const stepId = c.req.param('stepId');
  const step = stepId ? steps.find((candidate) => candidate.id === stepId) : undefined;
  if (!isEditable || (stepId && !step)) throw new AppError('not_found');
  const shown = values ?? stepFormValues(step);
  const options = (
    items: readonly string[],
    prefix: 'timeline.phase' | 'timeline.role' | 'timeline.evidence' | 'timelineAdmin.anchorName',
  ) => items.map((item) => ({ value: item, label: t(`${prefix}.${item}` as 'timeline.phase.before') }));
  const title = step ? t('timelineAdmin.step.editTitle') : t('timelineAdmin.step.add');
  const textLanguages = languages.filter((code) => code === 'fr' || code === 'en' || template.languages.includes(code));
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={templatePath(template.id)}>{translatedText(page, template.title)}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={step ? `${templatePath(template.id)}/steps/${step.id}` : `${templatePath(template.id)}/steps`}>
        <CsrfField page={page} />
        <SelectField
          page={page}
          name="phase"
          label={t('timelineAdmin.step.phase')}
          required
          values={shown}
          errors={errors}
          options={options(timelinePhases, 'timeline.phase')}
        />
        <SelectField
          page={page}
          name="role"
          label={t('timeline.step.who')}
          required
          values={shown}
          errors={errors}
          options={options(timelineRoles, 'timeline.role')}
        />
        <SelectField
          page={page}
          name="anchor"
          label={t('timelineAdmin.step.anchor')}
          required
          values={shown}
          errors={errors}
          options={options(timelineAnchors, 'timelineAdmin.anchorName')}
        />
        <TextField
          page={page}
          name="offsetDays"
          label={t('timelineAdmin.step.offsetDays')}
          hint={t('timelineAdmin.step.offsetHint')}
          required
          inputmode="numeric"
          values={shown}
          errors={errors}
          maxlength={4}
        />
        <SelectField
          page={page}
          name="evidence"
          label={t('timeline.step.evidence')}
          required
          values={shown}
          errors={errors}
          options={options(evidenceKinds, 'timeline.evidence')}
        />
        {textLanguages.map((code) => (
          <fieldset lang={code}>
            <legend>{languageNames[code]}</legend>
            <TextField
              page={page}
              name={`title_${code}`}
              label={t('timelineAdmin.step.titleIn', { language: languageNames[code] })}
              required={code === 'fr' || code === 'en'}
              values={shown}
              errors={errors}
              maxlength={200}
            />
            <LongTextField
              page={page}
              name={`guidance_${code}`}
              label={t('timelineAdmin.step.guidanceIn', { language: languageNames[code] })}
              required={code === 'fr' || code === 'en'}
              values={shown}
              errors={errors}
              maxlength={8000}
              rows={6}
            />
          </fieldset>
        ))}
        <button type="submit">{t('common.save')}</button>
      </form>
    </Layout>
  );
}

const backToTemplate = (c: AppContext) => c.redirect(`${templatePath(c.req.param('templateId')!)}?notice=common.saved`, 303);

templateRoutes.get('/timeline/templates/:templateId', (c) => render(c, <TemplatePage c={c} />));

templateRoutes.post('/timeline/templates/:templateId/copy', async (c) => {
  const form = await parseForm(c, copyTemplateSchema);
  if (!form.isValid) return render(c, <TemplatePage c={c} copyErrors={form.errors} />, 400);
  try {
    const copy = await service.copyTemplate(c.get('deps').db, actorOf(c), c.req.param('templateId'), form.data.organisationId);
    return c.redirect(`${templatePath(copy.id)}?notice=timelineAdmin.copy.done`, 303);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict')
      return render(c, <TemplatePage c={c} copyErrors={{ organisationId: 'timelineAdmin.copy.exists' }} />, 409);
    throw error;
  }
});

templateRoutes.get('/timeline/templates/:templateId/steps/new', (c) => render(c, <StepFormPage c={c} />));
templateRoutes.get('/timeline/templates/:templateId/steps/:stepId', (c) => render(c, <StepFormPage c={c} />));

templateRoutes.post('/timeline/templates/:templateId/steps', async (c) => {
  const form = await parseForm(c, templateStepSchema);
  if (!form.isValid) return render(c, <StepFormPage c={c} values={form.values} errors={form.errors} />, 400);
  await service.addTemplateStep(c.get('deps').db, actorOf(c), c.req.param('templateId'), form.data);
  return backToTemplate(c);
});

templateRoutes.post('/timeline/templates/:templateId/steps/:stepId', async (c) => {
  const form = await parseForm(c, templateStepSchema);
  if (!form.isValid) return render(c, <StepFormPage c={c} values={form.values} errors={form.errors} />, 400);
  await service.updateTemplateStep(c.get('deps').db, actorOf(c), c.req.param('templateId'), c.req.param('stepId'), form.data);
  return backToTemplate(c);
});

templateRoutes.post('/timeline/templates/:templateId/steps/:stepId/move', async (c) => {
  const form = await parseForm(c, moveStepSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.moveTemplateStep(c.get('deps').db, actorOf(c), c.req.param('templateId'), c.req.param('stepId'), form.data.direction);
  return backToTemplate(c);
});

templateRoutes.post('/timeline/templates/:templateId/steps/:stepId/remove', async (c) => {
  await service.removeTemplateStep(c.get('deps').db, actorOf(c), c.req.param('templateId'), c.req.param('stepId'));
  return backToTemplate(c);
});
