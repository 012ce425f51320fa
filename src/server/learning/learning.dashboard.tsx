import { Section } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import type { AppContext } from '../http/context.js';
import { pick } from './completion.js';
import * as service from './learning.service.js';

/** Home-page section: the courses a person follows, done or in progress, and where to find more. */
export async function MyCoursesSection({ c, page }: { c: AppContext; page: PageContext }) {
  const { t } = page;
  const entries = (await service.catalogue(c.get('deps').db, page.viewer!)).filter((entry) => entry.enrolment);
  return (
    <Section title={t('learning.dashboard.title')} id="dashboard-my-courses">
      {entries.length === 0 ? (
        <p>
          <a href="/learn">{t('learning.dashboard.none')}</a>
        </p>
      ) : (
        <ul class="link-list">
          {entries.map(({ course, enrolment }) => (
            <li>
              <a href={`/learn/courses/${course.slug}`}>{pick(course.title, page.language).text}</a> ·{' '}
              {t(enrolment!.completedAt ? 'learning.course.status.completed' : 'learning.course.status.enrolled')}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
