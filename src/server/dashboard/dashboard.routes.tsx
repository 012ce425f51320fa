import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { Layout } from '../../ui/layout.js';
import { Section } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { render } from '../http/render.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { Role } from '../accounts/roles.js';
import * as organisationsRepository from '../organisations/organisations.repository.js';
import * as repository from './dashboard.repository.js';
import { LandingPage } from './landing-page.js';
import { mobilityDashboardSections } from '../mobilities/mobilities.dashboard.js';
import { KitCorrectionsSection } from '../kits/kits.dashboard.js';
import { MyCoursesSection } from '../learning/learning.dashboard.js';
import { incidentDashboardSections } from '../incidents/incidents.dashboard.js';
import { timelineDashboardSections } from '../timeline/timeline.dashboard.js';

export const dashboardRoutes = new Hono<AppEnv>();

type SectionProps = { c: AppContext; page: PageContext; viewer: Viewer };

/**
 * The home page is a list of sections, each shown to the roles it concerns: "what is due for me".
 * Later capabilities add their sections (steps due, signatures, evaluations) to this list.
 */
export const dashboardSections: { id: string; roles: readonly Role[]; Component: (props: SectionProps) => Promise<JSX.Element | null> }[] = [
  ...timelineDashboardSections,
  ...mobilityDashboardSections,
  ...incidentDashboardSections,
  {
    id: 'platform',
    roles: ['platform_admin'],
    Component: async ({ c, page }) => {
      const figures = await repository.platformFigures(c.get('deps').db);
      const { t, language } = page;
      return (
        <Section title={t('dashboard.platform.title')}>
          <ul class="figures">
            <li>
              <strong>{formatNumber(language, figures.organisations)}</strong> <a href="/organisations">{t('dashboard.platform.organisations')}</a>
            </li>
            <li>
              <strong>{formatNumber(language, figures.people)}</strong> {t('dashboard.platform.people')}
            </li>
            <li>
              <strong>{formatNumber(language, figures.consortia)}</strong> <a href="/consortia">{t('layout.nav.consortia')}</a>
            </li>
            <li>
              <strong>{formatNumber(language, figures.networks)}</strong> <a href="/networks">{t('layout.nav.networks')}</a>
            </li>
            <li>
              <strong>{formatNumber(language, figures.failedMail)}</strong> {t('dashboard.platform.failedMail')}
            </li>
          </ul>
        </Section>
      );
    },
  },
  {
    id: 'organisation-overview',
    roles: ['org_admin', 'mobility_coach', 'teacher', 'host_contact'],
    Component: async ({ c, page, viewer }) => {
      const ids = organisationsWhere(viewer, ['org_admin', 'mobility_coach', 'teacher', 'host_contact']);
      const db = c.get('deps').db;
      const [counts, invitationCounts] = await Promise.all([
        organisationsRepository.countMembersByRole(db, ids),
        repository.pendingInvitationCounts(db, ids, c.get('deps').now()),
      ]);
      const { t } = page;
      const names = new Map(viewer.memberships.map((m) => [m.organisationId, m.organisationName]));
      return (
        <Section title={t('dashboard.organisations.title')}>
          {ids.map((id) => {
            const pending = invitationCounts.find((row) => row.organisationId === id)?.count ?? 0;
            return (
              <div class="card">
                <h3>
                  <a href={`/organisations/${id}/members`}>{names.get(id)}</a>
                </h3>
                <ul class="inline-list">
                  {counts
                    .filter((row) => row.organisationId === id)
                    .map((row) => (
                      <li>
                        {t(`role.${row.role}`)}: <strong>{row.count}</strong>
                      </li>
                    ))}
                </ul>
                {pending > 0 && <p>{t('dashboard.organisations.pendingInvitations', { count: pending })}</p>}
              </div>
            );
          })}
        </Section>
      );
    },
  },
  {
    id: 'missing-data',
    roles: ['org_admin', 'mobility_coach'],
    Component: async ({ c, page, viewer }) => {
      const ids = organisationsWhere(viewer, ['org_admin', 'mobility_coach']);
      const { rows, total } = await repository.learnersMissingBirthDate(c.get('deps').db, ids, 10);
      const { t } = page;
      return (
        <Section title={t('dashboard.missing.title')}>
          {total === 0 ? (
            <p>{t('dashboard.missing.none')}</p>
          ) : (
            <>
              <p>{t('dashboard.missing.birthDates', { count: total })}</p>
              <ul class="plain-list">
                {rows.map((row) => (
                  <li>
                    <a href={`/organisations/${row.organisationId}/people/${row.personId}`}>{`${row.givenName} ${row.familyName}`}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      );
    },
  },
  {
    id: 'recent-activity',
    roles: ['org_admin'],
    Component: async ({ c, page, viewer }) => {
      const ids = organisationsWhere(viewer, ['org_admin']);
      const rows = await repository.recentActivity(c.get('deps').db, ids, 8);
      const { t, language } = page;
      return (
        <Section title={t('dashboard.activity.title')}>
          <ul class="plain-list">
            {rows.map((row) => (
              <li>
                {formatDateTime(language, row.at)} — {row.givenName ? `${row.givenName} ${row.familyName}` : t('audit.system')} — <code>{row.action}</code>
              </li>
            ))}
          </ul>
          {ids.length === 1 && <a href={`/organisations/${ids[0]}/audit`}>{t('audit.title')}</a>}
        </Section>
      );
    },
  },
  {
    id: 'consortia',
    roles: ['consortium_coordinator'],
    Component: async ({ c, page, viewer }) => {
      const db = c.get('deps').db;
      const rows = await organisationsRepository.listConsortia(db, organisationsWhere(viewer, ['consortium_coordinator']));
      const { t } = page;
      const withMembers = await Promise.all(rows.map(async (row) => ({ ...row, members: await organisationsRepository.consortiumMemberOrganisations(db, row.id) })));
      return (
        <Section title={t('dashboard.consortia.title')}>
          {withMembers.map((row) => (
            <div class="card">
              <h3>
                <a href={`/consortia/${row.id}`}>{row.name}</a>
              </h3>
              <ul class="plain-list">
                {row.members.map((member) => (
                  <li>
                    <a href={`/organisations/${member.id}`}>{member.legalName}</a> — {member.city}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </Section>
      );
    },
  },
  {
    id: 'network',
    roles: ['network_animator'],
    Component: async ({ c, page, viewer }) => {
      const db = c.get('deps').db;
      const { t, language } = page;
      const networks = await Promise.all(viewer.animatedNetworks.map(async (network) => ({ ...network, figures: await organisationsRepository.networkMemberFigures(db, network.id) })));
      return (
        <Section title={t('dashboard.network.title')}>
          {networks.map((network) => {
            const withReferent = network.figures.filter((row) => row.coaches > 0).length;
            const learners = network.figures.reduce((sum, row) => sum + row.learners, 0);
            return (
              <div class="card">
                <h3>
                  <a href={`/networks/${network.id}`}>{network.name}</a>
                </h3>
                <ul class="figures">
                  <li>
                    <strong>{formatNumber(language, network.figures.length)}</strong> {t('dashboard.network.centres')}
                  </li>
                  <li>
                    <strong>{formatNumber(language, withReferent)}</strong> {t('dashboard.network.withReferent')}
                  </li>
                  <li>
                    <strong>{formatNumber(language, learners)}</strong> {t('dashboard.network.learners')}
                  </li>
                </ul>
              </div>
            );
          })}
        </Section>
      );
    },
  },
  {
    id: 'my-coaches',
    roles: ['learner', 'alumni'],
    Component: async ({ c, page, viewer }) => {
      const contacts = await repository.contactsWithRole(c.get('deps').db, organisationsWhere(viewer, ['learner', 'alumni']), 'mobility_coach');
      return <ContactList title={page.t('dashboard.learner.coaches')} contacts={contacts} empty={page.t('dashboard.learner.noCoach')} />;
    },
  },
  {
    id: 'my-children',
    roles: ['guardian'],
    Component: async ({ c, page, viewer }) => {
      const db = c.get('deps').db;
      const learners = await organisationsRepository.learnersOfGuardian(db, viewer.personId);
      const { t } = page;
      const withCoaches = await Promise.all(
        learners.map(async (learner) => {
          const organisationIds = await organisationsRepository.organisationsOfPerson(db, learner.id);
          return { ...learner, coaches: await repository.contactsWithRole(db, organisationIds, 'mobility_coach') };
        }),
      );
      return (
        <Section title={t('dashboard.guardian.learners')}>
          {withCoaches.length === 0 && <p>{t('dashboard.guardian.none')}</p>}
          {withCoaches.map((learner) => (
            <div class="card">
              <h3>{`${learner.givenName} ${learner.familyName}`}</h3>
              <ContactList title={t('dashboard.learner.coaches')} contacts={learner.coaches} empty={t('dashboard.learner.noCoach')} level={4} />
            </div>
          ))}
        </Section>
      );
    },
  },
  {
    id: 'host-team',
    roles: ['host_tutor', 'host_family'],
    Component: async ({ c, page, viewer }) => {
      const contacts = await repository.contactsWithRole(c.get('deps').db, organisationsWhere(viewer, ['host_tutor', 'host_family']), 'host_contact');
      return <ContactList title={page.t('dashboard.host.contacts')} contacts={contacts} empty={page.t('dashboard.host.noContact')} />;
    },
  },
  { id: 'kit-corrections', roles: ['platform_admin', 'network_animator'], Component: KitCorrectionsSection },
  { id: 'my-courses', roles: ['learner', 'host_contact', 'host_tutor', 'mobility_coach', 'teacher', 'alumni'], Component: MyCoursesSection },
];

function ContactList({ title, contacts, empty, level = 2 }: { title: string; contacts: Awaited<ReturnType<typeof repository.contactsWithRole>>; empty: string; level?: 2 | 4 }) {
  const list =
    contacts.length === 0 ? (
      <p>{empty}</p>
    ) : (
      <ul class="contact-list">
        {contacts.map((contact) => (
          <li>
            <strong>{`${contact.givenName} ${contact.familyName}`}</strong> — {contact.organisationName}
            <br />
            {contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}
            {contact.phone && (
              <>
                {' · '}
                <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>{contact.phone}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    );
  if (level === 4)
    return (
      <>
        <h4>{title}</h4>
        {list}
      </>
    );
  return <Section title={title}>{list}</Section>;
}

async function Dashboard({ c }: { c: AppContext }) {
  const page = pageContext(c);
  const viewer = page.viewer!;
  const { t } = page;
  const sections = dashboardSections.filter((section) => section.roles.some((role) => viewer.roles.has(role)));
  const rendered = await Promise.all(sections.map((section) => section.Component({ c, page, viewer })));
  const roleLines = [
    ...(viewer.isPlatformAdmin ? [t('role.platform_admin')] : []),
    ...viewer.memberships.map((m) => `${t(`role.${m.role}`)} — ${m.organisationName}`),
    ...viewer.animatedNetworks.map((n) => `${t('role.network_animator')} — ${n.name}`),
  ];
  return (
    <Layout page={page} title={t('dashboard.title')}>
      <h1>{t('dashboard.greeting', { name: viewer.givenName })}</h1>
      <ul class="role-list" aria-label={t('dashboard.yourRoles')}>
        {roleLines.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <div class="dashboard-grid">{rendered}</div>
    </Layout>
  );
}

dashboardRoutes.get('/', async (c) => {
  if (!c.get('viewer')) return render(c, <LandingPage page={pageContext(c)} />);
  return render(c, <Dashboard c={c} />);
});
