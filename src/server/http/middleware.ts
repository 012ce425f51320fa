import { randomUUID } from 'node:crypto';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { resolveSession } from '../accounts/accounts.service.js';
import { loadViewer } from '../accounts/viewer.js';
import { findActiveApiToken, touchApiToken } from '../accounts/accounts.repository.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { isLanguage, languageFromAcceptHeader, staffLanguages, type Language } from '../../shared/i18n/languages.js';
import { randomToken, safeEqual, sha256 } from '../security/tokens.js';
import { AppError } from './errors.js';
import type { AppDependencies, AppEnv } from './context.js';

export const sessionCookie = 'psl_session';
export const csrfCookie = 'psl_csrf';
export const languageCookie = 'psl_lang';

export function cookieOptions(deps: AppDependencies, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: deps.config.isSecureCookie,
    path: '/',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

export const withDependencies = (deps: AppDependencies) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('deps', deps);
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ requestId }));
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    const milliseconds = Math.round((performance.now() - started) * 10) / 10;
    c.get('logger').debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: milliseconds }, 'request');
  });

/** Strict CSP: no inline script or style, nothing from another origin. */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  crossOriginEmbedderPolicy: false,
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

/**
 * Language: an explicit `?lang=` (links in emails carry it), then the signed-in person's choice,
 * then the visitor's cookie, then Accept-Language, then French.
 */
export const withLanguage = createMiddleware<AppEnv>(async (c, next) => {
  const fromQuery = c.req.query('lang');
  const viewer = c.get('viewer');
  const language: Language =
    (isLanguage(fromQuery) && fromQuery) ||
    (viewer && isLanguage(viewer.preferredLanguage) && viewer.preferredLanguage) ||
    ((value) => (isLanguage(value) ? value : undefined))(getCookie(c, languageCookie)) ||
    languageFromAcceptHeader(c.req.header('accept-language')) ||
    'fr';
  if (isLanguage(fromQuery) && !viewer) setCookie(c, languageCookie, fromQuery, cookieOptions(c.get('deps'), 365 * 86400));
  c.set('language', language);
  c.set('t', createTranslator(language));
  await next();
});

/** Staff pages exist in French and English: other languages fall back to English, and say so in <html lang>. */
export const staffLanguage = createMiddleware<AppEnv>(async (c, next) => {
  const language = c.get('language');
  if (!(staffLanguages as readonly string[]).includes(language)) {
    c.set('language', 'en');
    c.set('t', createTranslator('en'));
  }
  await next();
});

export const withSession = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  c.set('viewer', null);
  c.set('sessionId', null);
  c.set('apiPersonId', null);
  const token = getCookie(c, sessionCookie);
  if (token) {
    const session = await resolveSession(deps.db, token, deps.now());
    if (session) {
      c.set('viewer', session.viewer);
      c.set('sessionId', session.id);
    }
  }
  await next();
});

/** Bearer personal access tokens for /api/v1. */
export const withApiToken = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) {
    const deps = c.get('deps');
    const token = await findActiveApiToken(deps.db, sha256(header.slice(7).trim()));
    const viewer = token ? await loadViewer(deps.db, token.personId) : null;
    if (!token || !viewer) throw new AppError('unauthenticated');
    await touchApiToken(deps.db, token.id, deps.now());
    c.set('viewer', viewer);
    c.set('apiPersonId', viewer.personId);
  }
  await next();
});

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF protection: a random HttpOnly cookie, echoed in every form (`_csrf`) or in the
 * `X-CSRF-Token` header that htmx sends. Requests authenticated by an API token carry no cookie and
 * are exempt. The Origin header, when present, must be our own.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  let token = getCookie(c, csrfCookie);
  if (!token) {
    token = randomToken();
    setCookie(c, csrfCookie, token, cookieOptions(c.get('deps')));
  }
  c.set('csrfToken', token);
  if (unsafeMethods.has(c.req.method) && !c.get('apiPersonId')) {
    const origin = c.req.header('origin');
    const ownOrigin = new URL(c.req.url).origin;
    const baseOrigin = new URL(c.get('deps').config.baseUrl).origin;
    if (origin && origin !== 'null' && origin !== ownOrigin && origin !== baseOrigin) {
      throw new AppError('csrf_rejected');
    }
    let submitted = c.req.header('x-csrf-token');
    if (!submitted) {
      const contentType = c.req.header('content-type') ?? '';
      if (contentType.includes('form')) {
        const body = await c.req.parseBody();
        submitted = typeof body['_csrf'] === 'string' ? body['_csrf'] : undefined;
      }
    }
    const cookieToken = getCookie(c, csrfCookie);
    if (!submitted || !cookieToken || !safeEqual(submitted, cookieToken)) throw new AppError('csrf_rejected');
  }
  await next();
});

export const requireViewer = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('viewer')) {
    if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      const next_ = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      return c.redirect(`/login?next=${next_}`, 302);
    }
    throw new AppError('unauthenticated');
  }
  await next();
});
