import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Layout } from '../../ui/layout.js';
import { pageContext } from '../../ui/page-context.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import type { AppContext, AppEnv } from './context.js';
import { AppError, type ErrorCode } from './errors.js';
import { render } from './render.js';

const messageKeys = {
  not_found: 'error.notFound',
  unauthenticated: 'error.unauthenticated',
  invalid_input: 'error.invalidInput',
  conflict: 'error.conflict',
  rate_limited: 'error.rateLimited',
  csrf_rejected: 'error.csrf',
  payload_too_large: 'error.tooLarge',
  gone: 'error.gone',
  internal: 'error.internal',
} as const satisfies Record<ErrorCode, string>;

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError('payload_too_large');
    if (error.status === 404) return new AppError('not_found');
    if (error.status === 400) return new AppError('invalid_input');
  }
  return new AppError('internal');
}

/** The one error handler: logs internals with the request id, shows the user a page without them. */
export async function handleError(error: unknown, c: Context<AppEnv>) {
  const appError = toAppError(error);
  const requestId = c.get('requestId') ?? 'unknown';
  if (appError.code === 'internal') c.get('logger')?.error({ err: error, path: c.req.path }, 'unhandled error');
  if (appError.code === 'rate_limited') c.header('Retry-After', '900');
  const isApi = c.req.path.startsWith('/api/');
  const t = c.get('t') ?? createTranslator('en');
  const message = t(messageKeys[appError.code]);
  if (isApi || !c.get('deps') || !c.get('t')) {
    return c.json({ code: appError.code, message, ...(Object.keys(appError.fields).length ? { fields: appError.fields } : {}), requestId }, appError.status);
  }
  c.set('viewer', c.get('viewer') ?? null);
  c.set('csrfToken', c.get('csrfToken') ?? '');
  const page = pageContext(c as AppContext);
  return render(
    c as AppContext,
    <Layout page={page} title={message}>
      <div class="narrow">
        <h1>{message}</h1>
        {appError.code === 'unauthenticated' && (
          <p>
            <a href="/login">{t('layout.signIn')}</a>
          </p>
        )}
        <p>
          <a href="/">{t('error.backHome')}</a>
        </p>
        <p class="hint">{t('error.reference', { id: requestId })}</p>
      </div>
    </Layout>,
    appError.status,
  );
}
