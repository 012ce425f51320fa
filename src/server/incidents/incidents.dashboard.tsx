import type { JSX } from 'hono/jsx/jsx-runtime';
import { Section } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import type { AppContext } from '../http/context.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { Role } from '../accounts/roles.js';
import { mobilityManagerRoles } from '../mobilities/mobilities.policy.js';
import * as repository from './incidents.repository.js';
import { weekStartOf } from './incidents.service.js';
import { onCallEditorRoles } from './incidents.policy.js';

type SectionProps = { c: AppContext; page: PageContext; viewer: Viewer };

/** How far back the coach's home page looks at check-ins: the last four weeks. */
const trendWeeks = 4;

function sinceWeeks(now: Date, weeks: number) {
  const monday = new Date(`${weekStartOf(now)}T00:00:00Z`);
  return new Date(monday.getTime() - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

const scoreText = (page: PageContext, row: { wellbeing: number; atWork: number; atHome: number }) =>
  `${page.t('checkins.short.wellbeing')} ${row.wellbeing} · ${page.t('checkins.short.atWork')} ${row.atWork} · ${page.t('checkins.short.atHome')} ${row.atHome}`;

async function CheckinsSection({ c, page, viewer }: SectionProps) {
  const { t, language } = page;
  const db = c.get('deps').db;
  const organisationIds = organisationsWhere(viewer, mobilityManagerRoles);
  const since = sinceWeeks(c.get('deps').now(), trendWeeks);
  const [attention, trends] = await Promise.all([
    repository.checkinsNeedingAttention(db, organisationIds, since, 10),
    repository.recentCheckinTrends(db, organisationIds, since, 15),
  ]);
  const learners = [...new Map(trends.map((row) => [row.personId, row])).values()];
  return (
    <Section title={t('coachCheckins.dashboard.title')} id="dashboard-checkins">
      <h3>{t('coachCheckins.dashboard.attention')}</h3>
      {attention.length === 0 ? (
        <p>{t('coachCheckins.dashboard.noAttention')}</p>
      ) : (
        <ul class="plain-list">
          {attention.map((row) => (
            <li>
              <a href={`/mobilities/${row.mobilityId}/checkins`}>{`${row.givenName} ${row.familyName}`}</a>
              {row.checkin.wantsToTalk && <span class="badge"> {t('coachCheckins.dashboard.wantsToTalk')}</span>}
              <br />
              <span class="hint">
                {formatDate(language, row.checkin.weekStart)} · {scoreText(page, row.checkin)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('coachCheckins.dashboard.trends')}</h3>
      {learners.length === 0 ? (
        <p>{t('coachCheckins.dashboard.noTrends')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('coachCheckins.dashboard.trendsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('coachCheckins.dashboard.learner')}</th>
              <th scope="col">{t('coachCheckins.dashboard.lastAnswers')}</th>
            </tr>
          </thead>
          <tbody>
            {learners.map((learner) => (
              <tr>
                <th scope="row">
                  <a href={`/mobilities/${learner.mobilityId}/checkins`}>{`${learner.givenName} ${learner.familyName}`}</a>
                </th>
                <td>
                  {trends
                    .filter((row) => row.personId === learner.personId)
                    .map((row) => (
                      <span class={row.needsAttention ? 'trend trend-low' : 'trend'}>
                        {`${formatDate(language, row.weekStart)}: ${row.wellbeing}/${row.atWork}/${row.atHome}`}
                        <br />
                      </span>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

async function IncidentsSection({ c, page, viewer }: SectionProps) {
  const { t, language } = page;
  const organisationIds = organisationsWhere(viewer, mobilityManagerRoles);
  const rows = await repository.openIncidentsOf(c.get('deps').db, organisationIds, 10);
  const editable = organisationsWhere(viewer, onCallEditorRoles);
  return (
    <Section title={t('mediation.dashboard.title')} id="dashboard-incidents">
      {rows.length === 0 ? (
        <p>{t('mediation.dashboard.none')}</p>
      ) : (
        <ul class="plain-list">
          {rows.map((row) => (
            <li>
              <a
                href={`/incidents/${row.id}`}
              >{`${t(`incidents.severity.${row.severity}`)} — ${t(`incidents.category.${row.category}`)} — ${row.givenName} ${row.familyName}`}</a>
              <br />
              <span class="hint">{formatDateTime(language, row.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/incidents">{t('incidents.title')}</a>
      </p>
      {editable.map((organisationId) => (
        <p>
          <a href={`/organisations/${organisationId}/on-call`}>
            {t('mediation.onCall.link', {
              organisation: viewer.memberships.find((m) => m.organisationId === organisationId)?.organisationName ?? '',
            })}
          </a>
        </p>
      ))}
    </Section>
  );
}

/** For the people around a learner during her stay: her weekly check-in, and where to report a problem. */
async function DuringStaySection({ c, page, viewer }: SectionProps) {
  const { t } = page;
  const stay = viewer.roles.has('learner')
    ? await repository.currentStayOf(c.get('deps').db, viewer.personId, c.get('deps').now().toISOString().slice(0, 10))
    : undefined;
  return (
    <Section title={t('incidents.dashboard.duringStay')} id="dashboard-during-stay">
      <ul class="plain-list">
        {stay && (
          <li>
            <a href="/checkins">{t('checkins.dashboard.answer')}</a>
          </li>
        )}
        <li>
          <a href="/incidents">{t('incidents.dashboard.report')}</a>
        </li>
      </ul>
    </Section>
  );
}

/** Home-page sections of check-ins and incidents, registered in dashboard.routes.tsx. */
export const incidentDashboardSections: {
  id: string;
  roles: readonly Role[];
  Component: (props: SectionProps) => Promise<JSX.Element | null>;
}[] = [
  { id: 'checkins', roles: ['org_admin', 'mobility_coach'], Component: CheckinsSection },
  { id: 'incidents', roles: ['org_admin', 'mobility_coach'], Component: IncidentsSection },
  {
    id: 'during-stay',
    roles: ['learner', 'guardian', 'host_contact', 'host_tutor', 'host_family', 'accompanying_person'],
    Component: DuringStaySection,
  },
];
