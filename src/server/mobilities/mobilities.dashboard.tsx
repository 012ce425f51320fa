import type { JSX } from 'hono/jsx/jsx-runtime';
import { Section } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import type { AppContext } from '../http/context.js';
import type { Viewer } from '../accounts/viewer.js';
import type { Role } from '../accounts/roles.js';
import { upcomingMobilities } from './mobilities.repository.js';
import { kitsOfCountries } from '../kits/kits.repository.js';
import { emergencyPhoneKinds } from '../kits/kit-content.js';
import { telephoneHref } from '../kits/phone-numbers.js';

type SectionProps = { c: AppContext; page: PageContext; viewer: Viewer };

const dayOffset = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

function MobilityList({ page, rows, showName }: { page: PageContext; rows: Awaited<ReturnType<typeof upcomingMobilities>>; showName: boolean }) {
  const { t, language } = page;
  return (
    <ul class="plain-list">
      {rows.map((row) => (
        <li>
          <a href={`/mobilities/${row.id}`}>{showName ? `${row.givenName} ${row.familyName}` : `${row.hostCity ?? '—'}${row.hostCountry ? `, ${countryName(language, row.hostCountry)}` : ''}`}</a>
          {row.isMinor && showName && <span class="badge"> {t('people.minor')}</span>}
          <br />
          <span class="hint">
            {row.startDate ? formatDate(language, row.startDate) : '—'} – {row.endDate ? formatDate(language, row.endDate) : '…'} · {showName && row.hostCity ? `${row.hostCity} · ` : ''}
            {t(`status.${row.status}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Home-page sections about mobilities, one per kind of person ("what is due for me"). */
export const mobilityDashboardSections: { id: string; roles: readonly Role[]; Component: (props: SectionProps) => Promise<JSX.Element | null> }[] = [
  {
    id: 'departures',
    roles: ['org_admin', 'mobility_coach', 'teacher', 'consortium_coordinator'],
    Component: async ({ c, page, viewer }) => {
      const now = c.get('deps').now();
      const rows = await upcomingMobilities(c.get('deps').db, viewer, dayOffset(now, 0), dayOffset(now, 60), 10);
      return (
        <Section title={page.t('mobilities.dashboard.departures')}>
          {rows.length === 0 ? <p>{page.t('mobilities.dashboard.noDepartures')}</p> : <MobilityList page={page} rows={rows} showName />}
          <p>
            <a href="/mobilities">{page.t('mobilities.title')}</a>
          </p>
        </Section>
      );
    },
  },
  {
    id: 'my-mobility',
    roles: ['learner', 'guardian', 'accompanying_person'],
    Component: async ({ c, page, viewer }) => {
      const now = c.get('deps').now();
      const rows = await upcomingMobilities(c.get('deps').db, viewer, dayOffset(now, 0), dayOffset(now, 400), 5);
      const own = viewer.roles.has('learner') && rows.every((row) => `${row.givenName} ${row.familyName}` === `${viewer.givenName} ${viewer.familyName}`);
      return (
        <Section title={own ? page.t('mobilities.dashboard.yours') : page.t('mobilities.dashboard.followed')}>
          {rows.length === 0 ? <p>{page.t('mobilities.dashboard.none')}</p> : <MobilityList page={page} rows={rows} showName={!own} />}
        </Section>
      );
    },
  },
  {
    id: 'city-kit',
    roles: ['learner'],
    Component: async ({ c, page, viewer }) => {
      const now = c.get('deps').now();
      const db = c.get('deps').db;
      const own = (await upcomingMobilities(db, viewer, dayOffset(now, 0), dayOffset(now, 400), 5)).filter((row) => `${row.givenName} ${row.familyName}` === `${viewer.givenName} ${viewer.familyName}`);
      const countries = [...new Set(own.map((row) => row.hostCountry).filter((code): code is string => Boolean(code)))];
      if (countries.length === 0) return null;
      const normalise = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
      const kitRows = await kitsOfCountries(db, countries);
      const matches = own.flatMap((row) =>
        kitRows.filter((kit) => kit.countryCode === row.hostCountry && row.hostCity && [kit.content.name.local, kit.content.name.en, kit.content.name.fr].map(normalise).includes(normalise(row.hostCity))),
      );
      const kit = matches[0];
      if (!kit) return null;
      const { t, language } = page;
      const contentLanguage = language === 'fr' ? 'fr' : 'en';
      // One line per number: in Germany 112 is the general, ambulance and fire number at once.
      const emergency = kit.content.phones
        .filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind))
        .filter((phone, index, all) => all.findIndex((other) => other.number === phone.number) === index)
        .slice(0, 4);
      return (
        <Section title={t('mobilities.dashboard.cityKit', { city: kit.content.name[contentLanguage] })}>
          <ul class="plain-list">
            {emergency.map((phone) => (
              <li>
                <a href={telephoneHref(phone.number, kit.countryCode)}>
                  <strong>{phone.number}</strong>
                </a>{' '}
                — {phone.label[contentLanguage]}
              </li>
            ))}
          </ul>
          <p>
            <a class="button" href={`/kits/${kit.slug}`}>
              {t('mobilities.dashboard.openKit', { city: kit.content.name[contentLanguage] })}
            </a>{' '}
            <a class="button button-quiet" href="/safety-card">
              {t('safetyCard.title')}
            </a>
          </p>
        </Section>
      );
    },
  },
  {
    id: 'hosted',
    roles: ['host_contact', 'host_tutor', 'host_family'],
    Component: async ({ c, page, viewer }) => {
      const now = c.get('deps').now();
      const rows = await upcomingMobilities(c.get('deps').db, viewer, dayOffset(now, 0), dayOffset(now, 400), 10);
      return (
        <Section title={page.t('mobilities.dashboard.hosted')}>
          {rows.length === 0 ? <p>{page.t('mobilities.dashboard.none')}</p> : <MobilityList page={page} rows={rows} showName />}
        </Section>
      );
    },
  },
];
