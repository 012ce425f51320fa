import { Layout } from '../../ui/layout.js';
import type { PageContext } from '../../ui/page-context.js';

export function LandingPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('landing.title')}>
      <div class="hero">
        <h1>{t('landing.title')}</h1>
        <p class="lead">{t('landing.lead')}</p>
        <p>
          <a class="button" href="/login">
            {t('layout.signIn')}
          </a>{' '}
          <a class="button button-quiet" href="/magic-link">
            {t('auth.login.magicLink')}
          </a>
        </p>
      </div>
      <ul class="card-list">
        <li class="card">
          <h2>{t('landing.forLearners.title')}</h2>
          <p>{t('landing.forLearners.text')}</p>
        </li>
        <li class="card">
          <h2>{t('landing.forHosts.title')}</h2>
          <p>{t('landing.forHosts.text')}</p>
        </li>
        <li class="card">
          <h2>{t('landing.forCoaches.title')}</h2>
          <p>{t('landing.forCoaches.text')}</p>
        </li>
      </ul>
    </Layout>
  );
}
