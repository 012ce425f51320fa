import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { pageContext } from '../../ui/page-context.js';
import { formatDateTime } from '../../shared/format.js';
import type { AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { render } from '../http/render.js';
import { staffLanguage } from '../http/middleware.js';
import { findMail, listRecentMail } from './outbox.repository.js';

/**
 * Development only: the outbox as a mailbox, so links in emails (magic links, invitations) can be
 * followed without an SMTP server. Never mounted when NODE_ENV=production.
 */
export const devMailRoutes = new Hono<AppEnv>();
devMailRoutes.use('*', staffLanguage);

devMailRoutes.get('/dev/mail', async (c) => {
  const page = pageContext(c);
  const { t, language } = page;
  const messages = await listRecentMail(c.get('deps').db);
  return render(
    c,
    <Layout page={page} title={t('devMail.title')}>
      <h1>{t('devMail.title')}</h1>
      <p>{t('devMail.intro')}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{t('devMail.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('devMail.to')}</th>
              <th scope="col">{t('devMail.subject')}</th>
              <th scope="col">{t('devMail.status')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr>
                <td>{formatDateTime(language, message.createdAt)}</td>
                <td>{message.toAddress}</td>
                <td>
                  <a href={`/dev/mail/${message.id}`}>{message.subject}</a>
                </td>
                <td>{message.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
});

devMailRoutes.get('/dev/mail/:id', async (c) => {
  const id = c.req.param('id');
  const message = /^[0-9a-f-]{36}$/i.test(id) ? await findMail(c.get('deps').db, id) : undefined;
  if (!message) throw new AppError('not_found');
  const page = pageContext(c);
  const { t } = page;
  // Links in the plain-text body are made clickable; everything else stays escaped text.
  const parts = message.textBody.split(/(https?:\/\/[^\s]+)/g);
  return render(
    c,
    <Layout page={page} title={message.subject}>
      <p class="breadcrumb">
        <a href="/dev/mail">{t('devMail.title')}</a>
      </p>
      <h1>{message.subject}</h1>
      <p>
        {t('devMail.to')}: {message.toAddress} · {message.language}
      </p>
      <pre class="mail-body">{parts.map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part))}</pre>
    </Layout>,
  );
});
