import type { AppContext } from '../server/http/context.js';
import type { Viewer } from '../server/accounts/viewer.js';
import type { Language } from '../shared/i18n/languages.js';
import type { Translate } from '../shared/i18n/translate.js';

/** What every page component needs from the request, gathered once. */
export type PageContext = {
  t: Translate;
  language: Language;
  viewer: Viewer | null;
  csrfToken: string;
  path: string;
  isDevelopment: boolean;
  /** A translation key from `?notice=`, shown as a success banner after a redirect. */
  notice: string | undefined;
};

export function pageContext(c: AppContext): PageContext {
  return {
    t: c.get('t'),
    language: c.get('language'),
    viewer: c.get('viewer'),
    csrfToken: c.get('csrfToken'),
    path: c.req.path,
    isDevelopment: c.get('deps').config.environment !== 'production',
    notice: c.req.query('notice'),
  };
}
