import type { Child } from 'hono/jsx';
import { languageNames, languages } from '../shared/i18n/languages.js';
import { en, type MessageKey } from '../shared/i18n/messages/en.js';
import { navigationItems } from './navigation.js';
import type { PageContext } from './page-context.js';

export type LayoutProps = {
  page: PageContext;
  title: string;
  children: Child;
  /** Extra scripts served by the app, e.g. the map page's. */
  scripts?: string[];
  /** Extra stylesheets served by the app, e.g. Leaflet's on the map page. */
  stylesheets?: string[];
  /** The map page needs no htmx: leaving it out keeps that page's JavaScript within its budget. */
  withHtmx?: boolean;
};

export function isNoticeKey(value: string | undefined): value is MessageKey {
  return Boolean(value) && Object.hasOwn(en, value!);
}

export function Layout({ page, title, children, scripts = [], stylesheets = [], withHtmx = true }: LayoutProps) {
  const notice = page.notice;
  const { t, language, viewer } = page;
  const items = viewer ? navigationItems.filter((item) => item.isVisible(viewer)) : [];
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${title} · Passerelle`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {withHtmx && <script src="/static/htmx.min.js" defer></script>}
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': page.csrfToken })}>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            <img src="/static/favicon.svg" alt="" width="28" height="28" />
            <span>Passerelle</span>
          </a>
          {items.length > 0 && (
            <nav aria-label={t('layout.mainNavigation')} class="main-nav">
              <ul>
                {items.map((item) => (
                  <li>
                    <a
                      href={item.href}
                      aria-current={
                        (item.href === '/' ? page.path === '/' : page.path.startsWith(item.href)) ? 'page' : undefined
                      }
                    >
                      {t(item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="header-tools">
            <form method="post" action="/language" class="language-form">
              <input type="hidden" name="_csrf" value={page.csrfToken} />
              <input type="hidden" name="back" value={page.path} />
              <label for="language-select" class="visually-hidden">
                {t('language.choose')}
              </label>
              <select id="language-select" name="language">
                {languages.map((code) => (
                  <option value={code} selected={code === language} lang={code}>
                    {languageNames[code]}
                  </option>
                ))}
              </select>
              <button type="submit" class="button-small">
                {t('language.apply')}
              </button>
            </form>
            {viewer ? (
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={page.csrfToken} />
                <button type="submit" class="button-small button-quiet">
                  {t('layout.signOut')}
                </button>
              </form>
            ) : (
              <a href="/login" class="button-small">
                {t('layout.signIn')}
              </a>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {isNoticeKey(notice) && (
            <p class="notice" role="status">
              {t(notice)}
            </p>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {t('layout.footer.licence')} · <a href="/api/docs">{t('layout.footer.api')}</a>
            {page.isDevelopment && (
              <>
                {' · '}
                <a href="/dev/mail">{t('layout.footer.devMail')}</a>
              </>
            )}
          </p>
        </footer>
      </body>
    </html>
  );
}
