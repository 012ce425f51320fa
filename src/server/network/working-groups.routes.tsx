import { Hono } from 'hono';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import { pageContext, type PageContext } from '../../ui/page-context.js';
import { formatDateTime } from '../../shared/format.js';
import { actorOf, type AppContext, type AppEnv } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { parseForm, render } from '../http/render.js';
import { requireViewer, staffLanguage } from '../http/middleware.js';
import { onFieldErrors } from './network-forms.js';
import { managedSpace, spaceKey } from './spaces.js';
import { networkStorage } from './uploads.js';
import { documentSchema, groupSchema, notificationsSchema, replySchema, threadSchema } from './working-groups.schema.js';
import * as service from './working-groups.service.js';

/** Working groups of a network or consortium: members, documents, discussion threads. Staff pages. */
export const workingGroupRoutes = new Hono<AppEnv>();
workingGroupRoutes.use('/working-groups', requireViewer, staffLanguage);
workingGroupRoutes.use('/working-groups/*', requireViewer, staffLanguage);

workingGroupRoutes.get('/working-groups', async (c) => {
  const page = pageContext(c);
  const { t } = page;
  const { spaces, rows } = await service.visibleGroups(c.get('deps').db, page.viewer!);
  return render(
    c,
    <Layout page={page} title={t('network.groups.title')}>
      <h1>{t('network.groups.title')}</h1>
      {spaces
        .filter((space) => space.isManager)
        .map((space) => (
          <p>
            <a class="button" href={`/working-groups/new?space=${spaceKey(space)}`}>
              {t('network.groups.new', { space: space.name })}
            </a>
          </p>
        ))}
      {rows.length === 0 && <p>{t('network.groups.none')}</p>}
      <ul class="card-list">
        {rows.map((row) => (
          <li class="card">
            <a href={`/working-groups/${row.group.id}`}>{row.group.name}</a>
            <p>
              {row.space.name} · {t('network.groups.memberCount', { count: row.memberCount })}
              {row.isMember && <> · {t('network.groups.youAreMember')}</>}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
});

function NewGroupPage({ page, space, values, errors }: { page: PageContext; space: string; values: FormValues; errors?: FormErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('network.groups.newTitle')}>
      <p class="breadcrumb">
        <a href="/working-groups">{t('network.groups.title')}</a>
      </p>
      <h1>{t('network.groups.newTitle')}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/working-groups" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="space" value={space} />
        <TextField page={page} name="name" label={t('common.name')} required values={values} errors={errors} maxlength={200} />
        <LongTextField
          page={page}
          name="description"
          label={t('common.description')}
          required
          values={values}
          errors={errors}
          maxlength={5000}
        />
        <button type="submit">{t('common.create')}</button>
      </form>
    </Layout>
  );
}

workingGroupRoutes.get('/working-groups/new', async (c) => {
  const space = await managedSpace(c.get('deps').db, c.get('viewer')!, c.req.query('space'));
  return render(c, <NewGroupPage page={pageContext(c)} space={spaceKey(space)} values={{}} />);
});

workingGroupRoutes.post('/working-groups', async (c) => {
  const form = await parseForm(c, groupSchema);
  if (!form.isValid)
    return render(
      c,
      <NewGroupPage page={pageContext(c)} space={form.values['space'] ?? ''} values={form.values} errors={form.errors} />,
      400,
    );
  const group = await service.createGroup(c.get('deps').db, actorOf(c), form.data.space, form.data);
  return c.redirect(`/working-groups/${group.id}?notice=common.saved`, 303);
});

type Forms = { documentValues?: FormValues; documentErrors?: FormErrors; threadValues?: FormValues; threadErrors?: FormErrors };

function DocumentsSection({ page, data, forms }: { page: PageContext; data: Awaited<ReturnType<typeof service.groupPage>>; forms: Forms }) {
  const { t } = page;
  const groupId = data.group.id;
  return (
    <Section title={t('network.groups.documents')} id="documents">
      <ul class="plain-list">
        {data.documents.map((document) => (
          <li>
            <a href={`/working-groups/${groupId}/documents/${document.id}`}>{document.title}</a> · {document.fileName} ·{' '}
            {formatDateTime(page.language, document.createdAt)}
          </li>
        ))}
      </ul>
      <ErrorSummary page={page} errors={forms.documentErrors} />
      <form method="post" action={`/working-groups/${groupId}/documents`} enctype="multipart/form-data" novalidate>
        <CsrfField page={page} />
        <TextField
          page={page}
          name="title"
          label={t('network.groups.documentTitle')}
          required
          values={forms.documentValues}
          errors={forms.documentErrors}
          maxlength={200}
        />
        <div class={forms.documentErrors?.['file'] ? 'field field-error' : 'field'}>
          <label for="field-file">{t('network.groups.documentFile')}</label>
          <p class="hint" id="hint-file">
            {t('network.application.fileHint')}
          </p>
          {forms.documentErrors?.['file'] && (
            <p class="error-message" id="error-file">
              {t(forms.documentErrors['file'])}
            </p>
          )}
          <input id="field-file" name="file" type="file" accept=".pdf,.docx,.odt" required aria-describedby="hint-file" />
        </div>
        <button type="submit" class="button-small">
          {t('network.groups.addDocument')}
        </button>
      </form>
    </Section>
  );
}

function ThreadsSection({ page, data, forms }: { page: PageContext; data: Awaited<ReturnType<typeof service.groupPage>>; forms: Forms }) {
  const { t } = page;
  const groupId = data.group.id;
  return (
    <Section title={t('network.groups.threads')} id="threads">
      <ul class="plain-list">
        {data.threads.map((row) => (
          <li>
            <a href={`/working-groups/${groupId}/threads/${row.thread.id}`}>{row.thread.title}</a> ·{' '}
            {t('network.groups.postCount', { count: row.postCount })} · {formatDateTime(page.language, row.lastPostAt)}
          </li>
        ))}
      </ul>
      <h3>{t('network.groups.newThread')}</h3>
      <ErrorSummary page={page} errors={forms.threadErrors} />
      <form method="post" action={`/working-groups/${groupId}/threads`} novalidate>
        <CsrfField page={page} />
        <TextField
          page={page}
          name="title"
          label={t('network.groups.threadTitle')}
          required
          values={forms.threadValues}
          errors={forms.threadErrors}
          maxlength={200}
        />
        <LongTextField
          page={page}
          name="body"
          label={t('network.groups.message')}
          hint={t('network.groups.messageHint')}
          required
          values={forms.threadValues}
          errors={forms.threadErrors}
          maxlength={10_000}
        />
        <button type="submit">{t('network.groups.startThread')}</button>
      </form>
    </Section>
  );
}

async function GroupPage({ c, forms = {} }: { c: AppContext; forms?: Forms }) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.groupPage(c.get('deps').db, page.viewer!, c.req.param('groupId')!);
  const { group, membership } = data;
  const action = (path: string) => `/working-groups/${group.id}/${path}`;
  return (
    <Layout page={page} title={group.name}>
      <p class="breadcrumb">
        <a href="/working-groups">{t('network.groups.title')}</a> › {data.space.name}
      </p>
      <h1>{group.name}</h1>
      <p class="preserve-lines">{group.description}</p>
      <Section title={t('network.groups.members')} id="members">
        <ul class="plain-list">
          {data.members.map((member) => (
            <li>
              {member.givenName} {member.familyName}
            </li>
          ))}
        </ul>
        {membership ? (
          <>
            <p>{membership.isNotified ? t('network.groups.notifiedOn') : t('network.groups.notifiedOff')}</p>
            <PostButton
              page={page}
              action={action('notifications')}
              hidden={{ isNotified: membership.isNotified ? 'no' : 'yes' }}
              label={membership.isNotified ? t('network.groups.optOut') : t('network.groups.optIn')}
              quiet
            />{' '}
            <PostButton page={page} action={action('leave')} label={t('network.groups.leave')} quiet />
          </>
        ) : (
          <PostButton page={page} action={action('join')} label={t('network.groups.join')} />
        )}
      </Section>
      {membership && <DocumentsSection page={page} data={data} forms={forms} />}
      {membership && <ThreadsSection page={page} data={data} forms={forms} />}
    </Layout>
  );
}

workingGroupRoutes.get('/working-groups/:groupId', (c) => render(c, <GroupPage c={c} />));

for (const change of ['join', 'leave'] as const) {
  workingGroupRoutes.post(`/working-groups/:groupId/${change}`, async (c) => {
    await service.changeMembership(c.get('deps').db, actorOf(c), c.req.param('groupId'), change);
    return c.redirect(`/working-groups/${c.req.param('groupId')}?notice=common.saved`, 303);
  });
}

workingGroupRoutes.post('/working-groups/:groupId/notifications', async (c) => {
  const form = await parseForm(c, notificationsSchema);
  if (!form.isValid) throw new AppError('invalid_input');
  await service.setNotifications(c.get('deps').db, actorOf(c), c.req.param('groupId'), form.data.isNotified);
  return c.redirect(`/working-groups/${c.req.param('groupId')}?notice=common.saved#members`, 303);
});

workingGroupRoutes.post('/working-groups/:groupId/documents', async (c) => {
  const groupId = c.req.param('groupId');
  await service.groupFor(c.get('deps').db, c.get('viewer')!, groupId);
  const form = await parseForm(c, documentSchema);
  const rerender = async (errors: FormErrors, status: 400 | 409 | 413) =>
    render(c, <GroupPage c={c} forms={{ documentValues: form.values, documentErrors: errors }} />, status);
  const file = (await c.req.parseBody())['file'];
  if (!form.isValid) return rerender(form.errors, 400);
  if (!(file instanceof File) || file.size === 0) return rerender({ file: 'common.validation.required' }, 400);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const storage = networkStorage(c.get('deps').config.dataDirectory);
  const result = await onFieldErrors(
    () =>
      service.addDocument(c.get('deps'), actorOf(c), groupId, form.data.title, { name: file.name, type: file.type, bytes }, storage.put),
    rerender,
  );
  if (result instanceof Response) return result;
  return c.redirect(`/working-groups/${groupId}?notice=common.saved#documents`, 303);
});

workingGroupRoutes.get('/working-groups/:groupId/documents/:documentId', async (c) => {
  const document = await service.documentFor(c.get('deps').db, c.get('viewer')!, c.req.param('groupId'), c.req.param('documentId'));
  const bytes = await networkStorage(c.get('deps').config.dataDirectory).get(document.storageKey);
  if (!bytes) throw notFound();
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': document.contentType,
    'Content-Disposition': `attachment; filename="${encodeURIComponent(document.fileName)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
});

workingGroupRoutes.post('/working-groups/:groupId/threads', async (c) => {
  const groupId = c.req.param('groupId');
  await service.groupFor(c.get('deps').db, c.get('viewer')!, groupId);
  const form = await parseForm(c, threadSchema);
  if (!form.isValid) return render(c, <GroupPage c={c} forms={{ threadValues: form.values, threadErrors: form.errors }} />, 400);
  const thread = await service.postMessage(c.get('deps'), actorOf(c), groupId, form.data);
  return c.redirect(`/working-groups/${groupId}/threads/${thread.id}`, 303);
});

async function ThreadPage({ c, values, errors }: { c: AppContext; values?: FormValues; errors?: FormErrors }) {
  const page = pageContext(c);
  const { t } = page;
  const data = await service.threadFor(c.get('deps').db, page.viewer!, c.req.param('groupId')!, c.req.param('threadId')!);
  return (
    <Layout page={page} title={data.thread.title}>
      <p class="breadcrumb">
        <a href={`/working-groups/${data.group.id}`}>{data.group.name}</a>
      </p>
      <h1>{data.thread.title}</h1>
      <ol class="plain-list">
        {data.posts.map((row) => (
          <li>
            <p>
              <strong>{row.givenName ? `${row.givenName} ${row.familyName}` : t('network.groups.formerMember')}</strong> ·{' '}
              {formatDateTime(page.language, row.post.createdAt)}
            </p>
            <p class="preserve-lines">{row.post.body}</p>
          </li>
        ))}
      </ol>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/working-groups/${data.group.id}/threads/${data.thread.id}`} novalidate>
        <CsrfField page={page} />
        <LongTextField
          page={page}
          name="body"
          label={t('network.groups.reply')}
          hint={t('network.groups.messageHint')}
          required
          values={values}
          errors={errors}
          maxlength={10_000}
        />
        <button type="submit">{t('network.groups.sendReply')}</button>
      </form>
    </Layout>
  );
}

workingGroupRoutes.get('/working-groups/:groupId/threads/:threadId', (c) => render(c, <ThreadPage c={c} />));

workingGroupRoutes.post('/working-groups/:groupId/threads/:threadId', async (c) => {
  const { groupId, threadId } = c.req.param();
  await service.threadFor(c.get('deps').db, c.get('viewer')!, groupId, threadId);
  const form = await parseForm(c, replySchema);
  if (!form.isValid) return render(c, <ThreadPage c={c} values={form.values} errors={form.errors} />, 400);
  await service.postMessage(c.get('deps'), actorOf(c), groupId, { threadId, body: form.data.body });
  return c.redirect(`/working-groups/${groupId}/threads/${threadId}?notice=common.saved`, 303);
});
