import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, PostButton, Section, type FormErrors } from '../../ui/forms.js';
import { pageContext } from '../../ui/page-context.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { parseForm, render } from '../http/render.js';
import { notFound } from '../http/errors.js';
import { requireViewer } from '../http/middleware.js';
import { reminderModes } from '../db/schema/index.js';
import { reminderPreferenceSchema } from './timeline.schema.js';
import * as calendar from './calendar.service.js';

/** The person's calendar feed and reminder settings, the feed itself, and the unsubscribe link. */
export const calendarRoutes = new Hono<AppEnv>();

async function CalendarPage({ c, errors }: { c: AppContext; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const { db, config } = c.get('deps');
  const [feedUrl, preference] = await Promise.all([
    calendar.ownCalendarFeed(db, config, page.viewer!.personId),
    calendar.reminderPreferenceOf(db, page.viewer!.personId),
  ]);
  return (
    <Layout page={page} title={t('timeline.calendar.title')}>
      <h1>{t('timeline.calendar.title')}</h1>
      <Section title={t('timeline.calendar.feed')} id="feed">
        <p>{t('timeline.calendar.intro')}</p>
        {feedUrl ? (
          <>
            <label for="feed-url">{t('timeline.calendar.url')}</label>
            <p class="token" id="feed-url">
              {feedUrl}
            </p>
            <p class="hint">{t('timeline.calendar.private')}</p>
            <PostButton page={page} action="/calendar/regenerate" label={t('timeline.calendar.regenerate')} />{' '}
            <PostButton page={page} action="/calendar/revoke" label={t('timeline.calendar.revoke')} quiet />
          </>
        ) : (
          <PostButton page={page} action="/calendar/regenerate" label={t('timeline.calendar.create')} />
        )}
      </Section>
      <Section title={t('timeline.reminders.title')} id="reminders">
        {preference.isUnsubscribed && <p>{t('timeline.reminders.unsubscribed')}</p>}
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action="/calendar/reminders">
          <CsrfField page={page} />
          <fieldset class="field" id="field-mode">
            <legend>{t('timeline.reminders.mode')}</legend>
            {reminderModes.map((mode) => (
              <label class="checkbox">
                <input type="radio" name="mode" value={mode} checked={preference.mode === mode} /> {t(`timeline.reminders.mode.${mode}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('common.save')}</button>
        </form>
      </Section>
    </Layout>
  );
}

calendarRoutes.get('/calendar', requireViewer, (c) => render(c, <CalendarPage c={c} />));

calendarRoutes.post('/calendar/regenerate', requireViewer, async (c) => {
  await calendar.regenerateCalendarFeed(c.get('deps').db, c.get('deps').config, actorOf(c));
  return c.redirect('/calendar?notice=timeline.calendar.generated', 303);
});

calendarRoutes.post('/calendar/revoke', requireViewer, async (c) => {
  await calendar.revokeCalendarFeed(c.get('deps').db, actorOf(c));
  return c.redirect('/calendar?notice=timeline.calendar.revoked', 303);
});

calendarRoutes.post('/calendar/reminders', requireViewer, async (c) => {
  const form = await parseForm(c, reminderPreferenceSchema);
  if (!form.isValid) return render(c, <CalendarPage c={c} errors={form.errors} />, 400);
  await calendar.saveReminderPreference(c.get('deps').db, actorOf(c), form.data.mode);
  return c.redirect('/calendar?notice=common.saved', 303);
});

calendarRoutes.get('/calendar/:file{[A-Za-z0-9_-]+\\.ics}', async (c) => {
  const { db, config, now } = c.get('deps');
  const body = await calendar.calendarForToken(db, config, c.req.param('file').slice(0, -'.ics'.length), now());
  return c.body(body, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Cache-Control': 'private, max-age=900',
    'X-Robots-Tag': 'noindex',
  });
});

function UnsubscribePage({ c, isDone }: { c: AppContext; isDone: boolean }) {
  const page = pageContext(c);
  const { t } = page;
  return (
    <Layout page={page} title={t('timeline.reminders.unsubscribeTitle')}>
      <div class="narrow">
        <h1>{t('timeline.reminders.unsubscribeTitle')}</h1>
        {isDone ? (
          <p role="status">{t('timeline.reminders.unsubscribed')}</p>
        ) : (
          <>
            <p>{t('timeline.reminders.unsubscribeIntro')}</p>
            <PostButton page={page} action={c.req.path} label={t('timeline.reminders.unsubscribe')} />
          </>
        )}
      </div>
    </Layout>
  );
}

/** The page asks before acting: mail scanners that open links must not unsubscribe anyone. */
calendarRoutes.get('/reminders/unsubscribe/:personId/:token', (c) => {
  if (!calendar.isUnsubscribeToken(c.get('deps').config, c.req.param('personId'), c.req.param('token'))) throw notFound();
  return render(c, <UnsubscribePage c={c} isDone={false} />);
});

calendarRoutes.post('/reminders/unsubscribe/:personId/:token', async (c) => {
  const { db, config, now } = c.get('deps');
  await calendar.unsubscribe(db, config, c.req.param('personId'), c.req.param('token'), now(), c.get('requestId'));
  return render(c, <UnsubscribePage c={c} isDone />);
});
