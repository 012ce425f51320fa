import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDateTime } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { renderMarkdown } from '../learning/markdown.js';
import { meetingKinds } from '../db/schema/index.js';
import { managedSpace, spaceKey } from './spaces.js';
import { attendanceSchema, meetingSchema, minutesSchema } from './meetings.schema.js';
import * as service from './meetings.service.js';

/** Meetings and events of a network or consortium: agenda, registrations, attendance, minutes, ICS. */
export const meetingRoutes = new Hono<AppEnv>();
meetingRoutes.use('/meetings', requireViewer, staffLanguage);
meetingRoutes.use('/meetings/*', requireViewer, staffLanguage);

meetingRoutes.get('/meetings', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const { spaces, rows } = await service.visibleMeetings(c.get('deps').db, page.viewer!);
  return render(
    c,
    <Layout page={page} title={t('network.meetings.title')}>
      <h1>{t('network.meetings.title')}</h1>
      {spaces
        .filter((space) => space.isManager)
        .map((space) => (
          <p>
            <a class="button" href={`/meetings/new?space=${spaceKey(space)}`}>
              {t('network.meetings.new', { space: space.name })}
            </a>
          </p>
        ))}
      {rows.length === 0 ? (
        <p>{t('network.meetings.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">{t('network.meetings.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.meetings.when')}</th>
                <th scope="col">{t('network.meetings.meeting')}</th>
                <th scope="col">{t('network.meetings.space')}</th>
                <th scope="col">{t('network.meetings.registered')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>{formatDateTime(page.language, row.meeting.startsAt)}</td>
                  <td>
                    <a href={`/meetings/${row.meeting.id}`}>{row.meeting.title}</a> ({t(`network.meetingKind.${row.meeting.kind}`)})
                  </td>
                  <td>{row.space.name}</td>
                  <td>
                    {row.registrationCount}
                    {row.isRegistered && <> · {t('network.meetings.youAreRegistered')}</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
});

function NewMeetingPage({ page, values, errors }: { page: PageContext; values: FormValues; errors?: FormErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('network.meetings.newTitle')}>
      <p class="breadcrumb">
        <a href="/meetings">{t('network.meetings.title')}</a>
      </p>
      <h1>{t('network.meetings.newTitle')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/meetings" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="space" value={values['space']} />
        <SelectField
          page={page}
          name="kind"
          label={t('network.meetings.kind')}
          required
          values={values}
          errors={errors}
          options={meetingKinds.map((kind) => ({ value: kind, label: t(`network.meetingKind.${kind}`) }))}
        />
        <TextField page={page} name="title" label={t('network.call.title')} required values={values} errors={errors} maxlength={200} />
        <TextField
          page={page}
          name="startsAt"
          type="datetime-local"
          label={t('network.meetings.startsAt')}
          hint={t('network.meetings.parisTime')}
          required
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="endsAt"
          type="datetime-local"
          label={t('network.meetings.endsAt')}
          required
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="place"
          label={t('network.meetings.place')}
          hint={t('network.meetings.placeHint')}
          values={values}
          errors={errors}
          maxlength={300}
        />
        <TextField
          page={page}
          name="onlineUrl"
          type="url"
          label={t('network.meetings.onlineUrl')}
          values={values}
          errors={errors}
          maxlength={500}
        />
        <LongTextField
          page={page}
          name="agendaMarkdown"
          label={t('network.meetings.agenda')}
          hint={t('network.call.rulesHint')}
          required
          values={values}
          errors={errors}
          maxlength={20_000}
        />
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

meetingRoutes.get('/meetings/new', async (c) => {
  const space = await managedSpace(c.get('deps').db, c.get('viewer')!, c.req.query('space'));
  return render(c, <NewMeetingPage page={pageContext(c)} values={{ space: spaceKey(space) }} />);
});

meetingRoutes.post('/meetings', async (c) => {
  const form = await parseForm(c, meetingSchema);
  if (!form.isValid) {
    await managedSpace(c.get('deps').db, c.get('viewer')!, form.values['space']);
    return render(c, <NewMeetingPage page={pageContext(c)} values={form.values} errors={form.errors} />, 400);
  }
  const meeting = await service.createMeeting(c.get('deps').db, actorOf(c), form.data);
  return c.redirect(`/meetings/${meeting.id}?notice=common.saved`, 303);
});

function OrganiserSection({
  page,
  data,
  errors,
}: {
  page: PageContext;
  data: Awaited<ReturnType<typeof service.meetingFor>>;
  errors?: FormErrors | undefined;
}) {
  const { t } = page;
  const { meeting } = data;
  return (
    <>
      <Section title={t('network.meetings.attendance')} id="attendance">
        {data.registrations.length === 0 ? (
          <p>{t('network.meetings.noRegistration')}</p>
        ) : (
          <form method="post" action={`/meetings/${meeting.id}/attendance`}>
            <CsrfField page={page} />
            <fieldset>
              <legend>{t('network.meetings.present')}</legend>
              {data.registrations.map((person) => (
                <label class="checkbox">
                  <input type="checkbox" name="present" value={person.personId} checked={person.hasAttended === true} />
                  {person.givenName} {person.familyName}
                </label>
              ))}
            </fieldset>
            <button type="submit" class="button-small">
              {t('network.meetings.saveAttendance')}
            </button>
          </form>
        )}
      </Section>
      <Section title={t('network.meetings.minutes')} id="minutes-form">
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action={`/meetings/${meeting.id}/minutes`} novalidate>
          <CsrfField page={page} />
          <LongTextField
            page={page}
            name="minutesMarkdown"
            label={t('network.meetings.minutes')}
            hint={t('network.call.rulesHint')}
            required
            values={{ minutesMarkdown: meeting.minutesMarkdown ?? '' }}
            errors={errors}
            maxlength={50_000}
            rows={10}
          />
          <button type="submit" class="button-small">
            {t('network.meetings.saveMinutes')}
          </button>
        </form>
      </Section>
    </>
  );
}

async function MeetingPage({ c, errors }: { c: AppContext; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.meetingFor(c.get('deps').db, page.viewer!, c.req.param('meetingId')!);
  const { meeting } = data;
  const hasStarted = meeting.startsAt <= c.get('deps').now();
  return (
    <Layout page={page} title={meeting.title}>
      <p class="breadcrumb">
        <a href="/meetings">{t('network.meetings.title')}</a> › {data.space.name}
      </p>
      <h1>{meeting.title}</h1>
      <dl class="facts">
        <dt>{t('network.meetings.kind')}</dt>
        <dd>{t(`network.meetingKind.${meeting.kind}`)}</dd>
        <dt>{t('network.meetings.when')}</dt>
        <dd>
          {formatDateTime(page.language, meeting.startsAt)} – {formatDateTime(page.language, meeting.endsAt)}
        </dd>
        {meeting.place && (
          <>
            <dt>{t('network.meetings.place')}</dt>
            <dd>{meeting.place}</dd>
          </>
        )}
        {meeting.onlineUrl && (
          <>
            <dt>{t('network.meetings.onlineUrl')}</dt>
            <dd>
              <a href={meeting.onlineUrl} rel="noopener noreferrer">
                {meeting.onlineUrl}
              </a>
            </dd>
          </>
        )}
        <dt>{t('network.meetings.registered')}</dt>
        <dd>{data.registrationCount}</dd>
      </dl>
      <p>
        <a href={`/meetings/${meeting.id}/invite.ics`}>{t('network.meetings.invite')}</a>
      </p>
      {!hasStarted && (
        <PostButton
          page={page}
          action={`/meetings/${meeting.id}/${data.isRegistered ? 'unregister' : 'register'}`}
          label={data.isRegistered ? t('network.meetings.unregister') : t('network.meetings.register')}
          quiet={data.isRegistered}
        />
      )}
      <Section title={t('network.meetings.agenda')} id="agenda">
        <div class="lesson-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(meeting.agendaMarkdown) }} />
      </Section>
      {meeting.minutesMarkdown && (
        <Section title={t('network.meetings.minutes')} id="minutes">
          <div class="lesson-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(meeting.minutesMarkdown) }} />
        </Section>
      )}
      {data.isOrganiser && <OrganiserSection page={page} data={data} errors={errors} />}
    </Layout>
  );
}

meetingRoutes.get('/meetings/:meetingId', (c) => render(c, <MeetingPage c={c} />));

meetingRoutes.get('/meetings/:meetingId/invite.ics', async (c) => {
  const { meeting, space } = await service.meetingFor(c.get('deps').db, c.get('viewer')!, c.req.param('meetingId'));
  const deps = c.get('deps');
  return c.body(service.inviteOf(meeting, space.name, deps.config.baseUrl, deps.now()), 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `attachment; filename="meeting-${meeting.id}.ics"`,
    'Cache-Control': 'no-store',
  });
});

for (const change of ['register', 'unregister'] as const) {
  meetingRoutes.post(`/meetings/:meetingId/${change}`, async (c) => {
    await service.changeRegistration(c.get('deps').db, actorOf(c), c.req.param('meetingId'), change);
    return c.redirect(`/meetings/${c.req.param('meetingId')}?notice=common.saved`, 303);
  });
}

meetingRoutes.post('/meetings/:meetingId/attendance', async (c) => {
  const form = await parseForm(c, attendanceSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.recordAttendance(c.get('deps').db, actorOf(c), c.req.param('meetingId'), form.data.present);
  return c.redirect(`/meetings/${c.req.param('meetingId')}?notice=common.saved#attendance`, 303);
});

meetingRoutes.post('/meetings/:meetingId/minutes', async (c) => {
  await service.meetingFor(c.get('deps').db, c.get('viewer')!, c.req.param('meetingId'));
  const form = await parseForm(c, minutesSchema);
  if (!form.isValid) return render(c, <MeetingPage c={c} errors={form.errors} />, 400);
  await service.saveMinutes(c.get('deps').db, actorOf(c), c.req.param('meetingId'), form.data.minutesMarkdown);
  return c.redirect(`/meetings/${c.req.param('meetingId')}?notice=common.saved#minutes`, 303);
});
