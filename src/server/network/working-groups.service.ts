import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { Viewer } from '../accounts/viewer.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.repository.js';
import { hit, type RateLimitRule } from '../security/rate-limit.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { staffLanguages, type Language } from '../../shared/i18n/languages.js';
import { columnsOf, managedSpace, spaceOfRecord, spacesOf } from './spaces.js';
import { checkedUpload, safeFileName } from './uploads.js';
import * as repository from './working-groups.repository.js';

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** Every message emails the other members: a member may post 20 messages an hour at most. */
export const postsPerAuthor: RateLimitRule = { name: 'working-group-post', limit: 20, windowSeconds: 3600 };

export async function visibleGroups(db: Database, viewer: Viewer) {
  const spaces = await spacesOf(db, viewer);
  const rows = await repository.groupsOfSpaces(
    db,
    spaces.map((space) => space.id),
    viewer.personId,
  );
  return {
    spaces,
    rows: rows.map((row) => ({ ...row, space: spaces.find((space) => space.id === (row.group.networkId ?? row.group.consortiumId))! })),
  };
}

export async function createGroup(db: Database, actor: Actor, spaceKey: string, input: { name: string; description: string }) {
  const space = await managedSpace(db, actor.viewer, spaceKey);
  return db.transaction(async (tx) => {
    const group = await repository.insertGroup(tx, {
      ...columnsOf(space),
      ...input,
      createdById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await repository.insertMember(tx, group.id, actor.viewer.personId);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'working_group.created',
      entityType: 'working_group',
      entityId: group.id,
      requestId: actor.requestId,
      details: { space: space.kind, spaceId: space.id },
    });
    return group;
  });
}

/** A group of one of the viewer's spaces; documents and threads only for its members. */
export async function groupFor(db: Database, viewer: Viewer, groupId: string) {
  if (!isUuid(groupId)) throw notFound();
  const group = await repository.findGroup(db, groupId);
  if (!group) throw notFound();
  const space = await spaceOfRecord(db, viewer, group);
  const members = await repository.membersOf(db, group.id);
  const membership = members.find((member) => member.id === viewer.personId);
  return { group, space, members, membership };
}

async function memberGroup(db: Database, viewer: Viewer, groupId: string) {
  const found = await groupFor(db, viewer, groupId);
  if (!found.membership) throw notFound();
  return found;
}

export async function groupPage(db: Database, viewer: Viewer, groupId: string) {
  const found = await groupFor(db, viewer, groupId);
  if (!found.membership) return { ...found, documents: [], threads: [] };
  const [documents, threads] = await Promise.all([repository.documentsOf(db, groupId), repository.threadsOf(db, groupId)]);
  return { ...found, documents, threads };
}

export async function changeMembership(db: Database, actor: Actor, groupId: string, change: 'join' | 'leave') {
  const { group } = await groupFor(db, actor.viewer, groupId);
  await db.transaction(async (tx) => {
    const changed =
      change === 'join'
        ? await repository.insertMember(tx, group.id, actor.viewer.personId)
        : await repository.deleteMember(tx, group.id, actor.viewer.personId);
    if (!changed) throw new AppError('conflict');
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: `working_group.${change === 'join' ? 'joined' : 'left'}`,
      entityType: 'working_group',
      entityId: group.id,
      requestId: actor.requestId,
    });
  });
}

export async function setNotifications(db: Database, actor: Actor, groupId: string, isNotified: boolean) {
  const { group } = await memberGroup(db, actor.viewer, groupId);
  await db.transaction(async (tx) => {
    await repository.setNotified(tx, group.id, actor.viewer.personId, isNotified);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'working_group.notifications_changed',
      entityType: 'working_group',
      entityId: group.id,
      requestId: actor.requestId,
      details: { isNotified },
    });
  });
}

export async function addDocument(
  deps: AppDependencies,
  actor: Actor,
  groupId: string,
  title: string,
  file: { name: string; type: string; bytes: Uint8Array },
  store: (key: string, bytes: Uint8Array) => Promise<void>,
) {
  const { group } = await memberGroup(deps.db, actor.viewer, groupId);
  const contentType = checkedUpload(file, 'file');
  const storageKey = `working-groups/${randomUUID()}`;
  await store(storageKey, file.bytes);
  await deps.db.transaction(async (tx) => {
    const document = await repository.insertDocument(tx, {
      groupId: group.id,
      title,
      storageKey,
      fileName: safeFileName(file.name),
      contentType,
      sizeBytes: file.bytes.byteLength,
      uploadedById: actor.viewer.personId,
      createdAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'working_group.document_added',
      entityType: 'working_group_document',
      entityId: document.id,
      requestId: actor.requestId,
      details: { groupId },
    });
  });
}

export async function documentFor(db: Database, viewer: Viewer, groupId: string, documentId: string) {
  await memberGroup(db, viewer, groupId);
  const document = isUuid(documentId) ? await repository.findDocument(db, groupId, documentId) : undefined;
  if (!document) throw notFound();
  return document;
}

export async function threadFor(db: Database, viewer: Viewer, groupId: string, threadId: string) {
  const found = await memberGroup(db, viewer, groupId);
  const thread = isUuid(threadId) ? await repository.findThread(db, groupId, threadId) : undefined;
  if (!thread) throw notFound();
  return { ...found, thread, posts: await repository.postsOf(db, thread.id) };
}

const mailLanguage = (preferred: string): Language =>
  (staffLanguages as readonly string[]).includes(preferred) ? (preferred as Language) : 'en';

/**
 * Writes a message (the first of a new thread, or a reply) and emails every other member who did not
 * opt out, in the same transaction.
 */
export async function postMessage(
  deps: AppDependencies,
  actor: Actor,
  groupId: string,
  message: { threadId?: string; title?: string; body: string },
) {
  const existing = message.threadId ? await threadFor(deps.db, actor.viewer, groupId, message.threadId) : undefined;
  const found = existing ?? (await memberGroup(deps.db, actor.viewer, groupId));
  if ((await hit(deps.db, postsPerAuthor, actor.viewer.personId, actor.now)) > postsPerAuthor.limit) throw new AppError('rate_limited');
  return deps.db.transaction(async (tx) => {
    const thread =
      existing?.thread ??
      (await repository.insertThread(tx, { groupId, title: message.title!, createdById: actor.viewer.personId, createdAt: actor.now }));
    const post = await repository.insertPost(tx, {
      threadId: thread.id,
      authorId: actor.viewer.personId,
      body: message.body,
      createdAt: actor.now,
    });
    const author = `${actor.viewer.givenName} ${actor.viewer.familyName}`;
    for (const member of found.members.filter(
      (candidate) => candidate.isNotified && candidate.email && candidate.id !== actor.viewer.personId,
    )) {
      const language = mailLanguage(member.preferredLanguage);
      const t = createTranslator(language);
      await enqueueMail(
        tx,
        {
          to: member.email!,
          language,
          idempotencyKey: `working-group-post:${post.id}:${member.id}`,
          subject: t('network.mail.post.subject', { group: found.group.name, thread: thread.title }),
          text: t('network.mail.post.body', {
            author,
            group: found.group.name,
            body: message.body,
            link: `${deps.config.baseUrl}/working-groups/${groupId}/threads/${thread.id}?lang=${language}`,
          }),
        },
        Boolean(deps.config.smtpUrl),
      );
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'working_group.message_posted',
      entityType: 'working_group_thread',
      entityId: thread.id,
      requestId: actor.requestId,
      details: { groupId, postId: post.id },
    });
    return thread;
  });
}
