import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, Section, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDate, formatNumber } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { renderMarkdown } from './markdown.js';
import { frameworkPageMarkdown, loadCoachFramework, type CoachFramework } from './self-assessment.content.js';
import * as service from './self-assessment.service.js';

/**
 * The reference framework of coach activities and skills (seed 004) and the self-assessment against
 * it: one form, no script, answered on one page; saved per person and shown again with the modules
 * of the coach kit it recommends. Staff pages: French and English.
 */
export const selfAssessmentRoutes = new Hono<AppEnv>();
selfAssessmentRoutes.use('/learn/coach-framework', requireViewer, staffLanguage);
selfAssessmentRoutes.use('/learn/coach-framework/*', requireViewer, staffLanguage);

const selfAssessmentPath = '/learn/coach-framework/self-assessment';
const moduleHref = (activityKey: string) => `/learn/courses/coach-kit#module-${activityKey}`;
type StaffLanguage = 'fr' | 'en';

selfAssessmentRoutes.get('/learn/coach-framework', (c) => {
  const page = pageContext(c);
  if (!page.viewer || !service.mayAssessSelf(page.viewer)) throw notFound();
  const markdown = frameworkPageMarkdown(page.language as StaffLanguage).replace(/^---[\s\S]*?---\s*/, '');
  return render(
    c,
    <Layout page={page} title={page.t('coachFramework.title')}>
      <p class="breadcrumb">
        <a href="/learn/courses/coach-kit">{page.t('coachFramework.kit')}</a>
      </p>
      <p>
        <a class="button" href={selfAssessmentPath}>
          {page.t('coachFramework.takeSelfAssessment')}
        </a>
      </p>
      <div class="lesson-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(markdown) }} />
    </Layout>,
  );
});

/** One skill: its text as the legend of four labelled radio buttons (the framework's scale). */
function SkillField({
  page,
  framework,
  skill,
  values,
  errors,
}: {
  page: PageContext;
  framework: CoachFramework;
  skill: CoachFramework['domains'][number]['activities'][number]['skills'][number];
  values: FormValues;
  errors: FormErrors | undefined;
}) {
  const language = page.language as StaffLanguage;
  const error = errors?.[skill.key];
  const inputId = (level: number) => (level === 1 ? `field-${skill.key}` : `field-${skill.key}-${level}`);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? `error-${skill.key}` : undefined}>
      <legend>{skill.text[language]}</legend>
      {error && (
        <p class="error-message" id={`error-${skill.key}`}>
          {page.t(error)}
        </p>
      )}
      {framework.selfAssessmentScale.map((step) => (
        <label class="checkbox" for={inputId(step.level)}>
          <input
            type="radio"
            id={inputId(step.level)}
            name={skill.key}
            value={String(step.level)}
            checked={values[skill.key] === String(step.level)}
            required
          />
          {`${step.level} · ${step[language]}`}
        </label>
      ))}
    </fieldset>
  );
}

function Recommendations({ page, recommendations }: { page: PageContext; recommendations: service.ModuleRecommendation[] }) {
  const language = page.language as StaffLanguage;
  return (
    <Section title={page.t('coachFramework.recommendations')} id="recommendations">
      {recommendations.length === 0 ? (
        <p>{page.t('coachFramework.noRecommendation')}</p>
      ) : (
        <>
          <p>{page.t('coachFramework.recommendationsIntro')}</p>
          <ol class="recommendations">
            {recommendations.map(({ activity, average, lowSkills }) => (
              <li>
                <a href={moduleHref(activity.key)}>{activity.title[language]}</a>{' '}
                <span class="hint">
                  {page.t('coachFramework.average', { average: formatNumber(page.language, Math.round(average * 10) / 10) })}
                </span>
                <ul>
                  {lowSkills.map((skill) => (
                    <li>{skill.text[language]}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

async function selfAssessmentView(c: AppContext, typed?: FormValues, errors?: FormErrors) {
  const page = pageContext(c);
  const { t } = page;
  const { framework, saved, recommendations } = await service.selfAssessmentPage(c.get('deps').db, page.viewer!);
  const language = page.language as StaffLanguage;
  const values: FormValues = typed ?? Object.fromEntries(Object.entries(saved?.ratings ?? {}).map(([key, level]) => [key, String(level)]));
  return render(
    c,
    <Layout page={page} title={t('coachFramework.selfAssessment')}>
      <p class="breadcrumb">
        <a href="/learn/coach-framework">{t('coachFramework.title')}</a>
      </p>
      <h1>{t('coachFramework.selfAssessment')}</h1>
      {c.req.query('saved') && saved && (
        <p class="notice" role="status">
          {t('coachFramework.saved')}
        </p>
      )}
      {saved && !errors && (
        <>
          <p>{t('coachFramework.lastSaved', { date: formatDate(page.language, saved.updatedAt) })}</p>
          {saved.frameworkVersion !== framework.lastReviewed && <p class="notice">{t('coachFramework.outdated')}</p>}
          {recommendations && <Recommendations page={page} recommendations={recommendations} />}
        </>
      )}
      <form method="post" action={selfAssessmentPath} novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <p>{t('coachFramework.intro')}</p>
        {framework.domains.map((domain) => (
          <section aria-labelledby={`domain-${domain.code}`}>
            <h2 id={`domain-${domain.code}`}>{`${domain.code} · ${domain.title[language]}`}</h2>
            {domain.activities.map((activity) => (
              <>
                <h3>{activity.title[language]}</h3>
                {activity.skills.map((skill) => (
                  <SkillField page={page} framework={framework} skill={skill} values={values} errors={errors} />
                ))}
              </>
            ))}
          </section>
        ))}
        <button type="submit">{t('coachFramework.save')}</button>
      </form>
    </Layout>,
    errors ? 400 : 200,
  );
}

selfAssessmentRoutes.get(selfAssessmentPath, (c) => selfAssessmentView(c));

selfAssessmentRoutes.post(selfAssessmentPath, async (c) => {
  if (!service.mayAssessSelf(c.get('viewer')!)) throw notFound();
  const form = await parseForm(c, service.ratingsSchema(loadCoachFramework()));
  if (!form.isValid) return selfAssessmentView(c, form.values, form.errors);
  await service.saveSelfAssessment(c.get('deps').db, actorOf(c), form.data);
  return c.redirect(`${selfAssessmentPath}?saved=1#recommendations`, 303);
});
