import type { JSX } from 'hono/jsx/jsx-runtime';
import { Section } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import type { AppContext } from '../http/context.js';
import type { Viewer } from '../accounts/viewer.js';
import type { Role } from '../accounts/roles.js';
import { isoDay } from './timeline-instantiation.js';
import { DueDate, StepStatusBadge, Translated } from './timeline-view.js';
import { nextStepsOf } from './timeline.service.js';
import { managedOrganisations } from './timeline.policy.js';

type SectionProps = { c: AppContext; page: PageContext; viewer: Viewer };

/** Home-page section "your next steps": the viewer's own open steps, whoever they are. */
export const timelineDashboardSections: {
  id: string;
  roles: readonly Role[];
  Component: (props: SectionProps) => Promise<JSX.Element | null>;
}[] = [
  {
    id: 'next-steps',
    roles: [
      'learner',
      'guardian',
      'host_tutor',
      'host_contact',
      'host_family',
      'accompanying_person',
      'mobility_coach',
      'org_admin',
      'teacher',
    ],
    Component: async ({ c, page, viewer }) => {
      const steps = await nextStepsOf(c.get('deps').db, viewer, 6);
      const today = isoDay(c.get('deps').now());
      const { t } = page;
      const isOwnOnly = steps.every(
        (step) => `${step.participantGivenName} ${step.participantFamilyName}` === `${viewer.givenName} ${viewer.familyName}`,
      );
      return (
        <Section title={t('timeline.dashboard.title')} id="dashboard-next-steps">
          {steps.length === 0 ? (
            <p>{t('timeline.dashboard.none')}</p>
          ) : (
            <ul class="plain-list">
              {steps.map((step) => (
                <li>
                  <a href={`/mobilities/${step.mobilityId}/timeline/steps/${step.stepId}`}>
                    <Translated page={page} text={step.title} />
                  </a>{' '}
                  <StepStatusBadge page={page} status={step.status} dueDate={step.dueDate} today={today} />
                  <br />
                  <span class="hint">
                    <DueDate page={page} dueDate={step.dueDate} />
                    {!isOwnOnly && ` · ${step.participantGivenName} ${step.participantFamilyName}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            {steps[0] && <a href={`/mobilities/${steps[0].mobilityId}/timeline`}>{t('timeline.dashboard.openTimeline')}</a>}
            {steps[0] && ' · '}
            <a href="/calendar">{t('timeline.calendar.link')}</a>
            {managedOrganisations(viewer).length > 0 && (
              <>
                {' · '}
                <a href="/timeline/board">{t('timeline.dashboard.board')}</a>
              </>
            )}
          </p>
        </Section>
      );
    },
  },
];
