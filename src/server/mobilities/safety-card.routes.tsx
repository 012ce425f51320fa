import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { Section } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import { actorOf, type AppEnv } from '../http/context.js';
import { render } from '../http/render.js';
import { requireViewer } from '../http/middleware.js';
import { telephoneHref } from '../kits/phone-numbers.js';
import { loadSafetyCard, personRole, safetyCourseSlug } from './safety-card.js';
import { renderSafetyCardPdf, safetyCardPdfLabels } from './safety-card-pdf.js';

export const safetyCardRoutes = new Hono<AppEnv>();
safetyCardRoutes.use('/safety-card', requireViewer);
safetyCardRoutes.use('/safety-card.pdf', requireViewer);

/** What the offline script keeps for the card: the page and what it loads. */
export const safetyCardOfflineUrls = [
  '/safety-card',
  '/static/app.css',
  '/static/favicon.svg',
  '/static/htmx.min.js',
  '/static/offline.js',
];

/** Whether the learner has passed the pre-departure safety course, with a way to it when not. */
function SafetyCourseStatus({ page, completedAt }: { page: PageContext; completedAt: Date | null }) {
  if (completedAt)
    return <p class="notice">✓ {page.t('learning.safetyCard.courseDone', { date: formatDate(page.language, completedAt) })}</p>;
  return (
    <p>
      {page.t('learning.safetyCard.courseToDo')}{' '}
      <a href={`/learn/courses/${safetyCourseSlug}`}>{page.t('learning.safetyCard.openCourse')}</a>
    </p>
  );
}

/**
 * The learner's personal safety card: who to call, in her host country and at home, on one screen
 * that works offline. Built from her mobility, its emergency contacts and the city kit's numbers.
 */
safetyCardRoutes.get('/safety-card', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const now = c.get('deps').now();
  const card = await loadSafetyCard(c.get('deps').db, actorOf(c), language === 'fr' ? 'fr' : 'en');
  const phoneLink = (phone: { number: string; region: string }) => (
    <a href={telephoneHref(phone.number, phone.region)}>
      <strong>{phone.number}</strong>
    </a>
  );
  return render(
    c,
    <Layout page={page} title={t('safetyCard.title')} scripts={['/static/offline.js']}>
      <article class="safety-card" data-offline-urls={safetyCardOfflineUrls.join(' ')}>
        <h1>{t('safetyCard.title')}</h1>
        <p
          class="offline-status"
          role="status"
          hidden
          data-offline-status
          data-template={t('safetyCard.offline', { date: '{date}' })}
          data-language={language}
        >
          {t('safetyCard.offline', { date: formatDate(language, now) })}
        </p>
        <p>
          <strong>{card.holder}</strong>
          {card.mobility && (
            <>
              {' — '}
              {card.mobility.city}, {countryName(language, card.mobility.country)}
              {card.mobility.startDate && card.mobility.endDate
                ? ` · ${formatDate(language, card.mobility.startDate)} – ${formatDate(language, card.mobility.endDate)}`
                : ''}
            </>
          )}
        </p>
        <SafetyCourseStatus page={page} completedAt={card.safetyCourseCompletedAt} />
        {!card.hasMobility && <p>{t('safetyCard.noMobility')}</p>}
        <Section title={t('safetyCard.emergency')} id="card-emergency">
          <ul class="plain-list">
            <li>
              {phoneLink({ number: '112', region: card.emergencyRegion })} — {t('safetyCard.112')}
            </li>
            {card.emergency.map((phone) => (
              <li>
                {phoneLink(phone)} — {phone.label}
              </li>
            ))}
          </ul>
        </Section>
        {card.hasMobility && (
          <Section title={t('safetyCard.people')} id="card-people">
            <ul class="contact-list">
              {card.people.map((person) => (
                <li>
                  <strong>{person.name}</strong> — {personRole(t, person)}
                  {person.phone && <> · {phoneLink(person.phone)}</>}
                  {person.email && (
                    <>
                      {' · '}
                      <a href={`mailto:${person.email}`}>{person.email}</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {card.kit && (
          <Section title={t('safetyCard.helplines')} id="card-helplines">
            <ul class="plain-list">
              {card.helplines.map((phone) => (
                <li>
                  {phoneLink(phone)} — {phone.label}
                </li>
              ))}
            </ul>
            {card.consulate && (
              <p>
                <strong>{card.consulate.name}</strong>
                <br />
                {card.consulate.address}
                {card.consulate.phone && <> · {phoneLink(card.consulate.phone)}</>}
              </p>
            )}
            <p>
              <a href={`/kits/${card.kit.slug}`}>{t('mobilities.dashboard.openKit', { city: card.kit.name })}</a>
            </p>
          </Section>
        )}
        <p>
          <a href="/safety-card.pdf" download>
            {t('learning.safetyCard.pdf')}
          </a>
        </p>
      </article>
    </Layout>,
  );
});

/** A6, one page, to print and fold into a wallet or keep on the phone. */
safetyCardRoutes.get('/safety-card.pdf', async (c) => {
  const { t, language } = pageContext(c);
  const card = await loadSafetyCard(c.get('deps').db, actorOf(c), language === 'fr' ? 'fr' : 'en');
  const bytes = await renderSafetyCardPdf(card, safetyCardPdfLabels(t, language, card, c.get('deps').now()), t);
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', 'attachment; filename="safety-card.pdf"');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf' });
});
