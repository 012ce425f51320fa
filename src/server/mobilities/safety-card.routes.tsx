import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { Section } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import { actorOf, type AppEnv } from '../http/context.js';
import { render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { contactsWithRole } from '../dashboard/dashboard.repository.js';
import { kitsOfCountries } from '../kits/kits.repository.js';
import { emergencyPhoneKinds } from '../kits/kit-content.js';
import { telephoneHref } from '../kits/phone-numbers.js';
import { upcomingMobilities } from './mobilities.repository.js';
import { mobilityFor } from './mobilities.service.js';

export const safetyCardRoutes = new Hono<AppEnv>();
safetyCardRoutes.use('/safety-card', requireViewer);

/** What the offline script keeps for the card: the page and what it loads. */
export const safetyCardOfflineUrls = ['/safety-card', '/static/app.css', '/static/favicon.svg', '/static/htmx.min.js', '/static/offline.js'];
const helplineKinds = ['missing_children', 'child_helpline', 'emotional_support', 'poison_centre', 'consular_crisis'];
const normalise = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/**
 * The learner's personal safety card: who to call, in her host country and at home, on one screen
 * that works offline. Built from her mobility, its emergency contacts and the city kit's numbers.
 */
safetyCardRoutes.get('/safety-card', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const viewer = c.get('viewer')!;
  const db = c.get('deps').db;
  const now = c.get('deps').now();
  const today = now.toISOString().slice(0, 10);
  const own = (await upcomingMobilities(db, viewer, today, new Date(now.getTime() + 400 * 86_400_000).toISOString().slice(0, 10), 5)).filter(
    (row) => `${row.givenName} ${row.familyName}` === `${viewer.givenName} ${viewer.familyName}`,
  );
  const first = own[0];
  const view = first ? await mobilityFor(db, actorOf(c), first.id) : undefined;
  const itinerary = view?.itineraries[0]?.itinerary;
  const kit = itinerary
    ? (await kitsOfCountries(db, [itinerary.country])).find((row) => [row.content.name.local, row.content.name.en, row.content.name.fr].map(normalise).includes(normalise(itinerary.city))) ??
      (await kitsOfCountries(db, [itinerary.country]))[0]
    : undefined;
  const coaches = view ? await contactsWithRole(db, [view.mobility.sendingOrganisationId], 'mobility_coach') : [];
  const contentLanguage = language === 'fr' ? 'fr' : 'en';
  const phoneLink = (number: string, region: string) => (
    <a href={telephoneHref(number, region)}>
      <strong>{number}</strong>
    </a>
  );
  return render(
    c,
    <Layout page={page} title={t('safetyCard.title')} scripts={['/static/offline.js']}>
      <article class="safety-card" data-offline-urls={safetyCardOfflineUrls.join(' ')}>
        <h1>{t('safetyCard.title')}</h1>
        <p class="offline-status" role="status" hidden data-offline-status data-template={t('safetyCard.offline', { date: '{date}' })} data-language={language}>
          {t('safetyCard.offline', { date: formatDate(language, now) })}
        </p>
        <p>
          <strong>{`${viewer.givenName} ${viewer.familyName}`}</strong>
          {itinerary && view && (
            <>
              {' — '}
              {itinerary.city}, {countryName(language, itinerary.country)}
              {view.mobility.startDate && view.mobility.endDate ? ` · ${formatDate(language, view.mobility.startDate)} – ${formatDate(language, view.mobility.endDate)}` : ''}
            </>
          )}
        </p>
        {!view && <p>{t('safetyCard.noMobility')}</p>}
        <Section title={t('safetyCard.emergency')} id="card-emergency">
          <ul class="plain-list">
            <li>
              {phoneLink('112', itinerary?.country ?? 'FR')} — {t('safetyCard.112')}
            </li>
            {kit?.content.phones
              .filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind) && phone.number !== '112')
              .map((phone) => (
                <li>
                  {phoneLink(phone.number, kit.countryCode)} — {phone.label[contentLanguage]}
                </li>
              ))}
          </ul>
        </Section>
        {view && (
          <Section title={t('safetyCard.people')} id="card-people">
            <ul class="contact-list">
              {coaches.map((coach) => (
                <li>
                  <strong>{`${coach.givenName} ${coach.familyName}`}</strong> — {t('safetyCard.coach')}
                  {coach.phone && <> · {phoneLink(coach.phone, 'FR')}</>}
                  {coach.email && (
                    <>
                      {' · '}
                      <a href={`mailto:${coach.email}`}>{coach.email}</a>
                    </>
                  )}
                </li>
              ))}
              {view.tutor && (
                <li>
                  <strong>{`${view.tutor.givenName} ${view.tutor.familyName}`}</strong> — {t('safetyCard.tutor')}
                  {view.tutor.phone && <> · {phoneLink(view.tutor.phone, itinerary?.country ?? 'FR')}</>}
                </li>
              )}
              {view.contacts.map((contact) => (
                <li>
                  <strong>{contact.name}</strong> — {contact.relationship ?? t(`mobilities.side.${contact.side}`)} · {phoneLink(contact.phone, contact.side === 'host' ? (itinerary?.country ?? 'FR') : 'FR')}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {kit && (
          <Section title={t('safetyCard.helplines')} id="card-helplines">
            <ul class="plain-list">
              {kit.content.phones
                .filter((phone) => helplineKinds.includes(phone.kind))
                .map((phone) => (
                  <li>
                    {phoneLink(phone.number, kit.countryCode)} — {phone.label[contentLanguage]}
                  </li>
                ))}
            </ul>
            {kit.content.consulate && (
              <p>
                <strong>{kit.content.consulate.name[contentLanguage]}</strong>
                <br />
                {kit.content.consulate.address}
                {kit.content.consulate.phone && <> · {phoneLink(kit.content.consulate.phone, kit.countryCode)}</>}
              </p>
            )}
            <p>
              <a href={`/kits/${kit.slug}`}>{t('mobilities.dashboard.openKit', { city: kit.content.name[contentLanguage] })}</a>
            </p>
          </Section>
        )}
      </article>
    </Layout>,
  );
});
