import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import { contentDirectory } from '../content.js';
import { resourceAudiences, resourceLanguages, resourcePhases, resourceTopics } from '../db/schema/index.js';
import type { FileStorage } from '../learning/file-storage.js';
import { sniffedType, type UploadedFile } from '../learning/learning.service.js';
import type { ResourceInput, ResourceSearch } from './resources.schema.js';
import * as repository from './resources.repository.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;
export const resourcePageSize = 20;
/** Under the app's 2 MiB request limit, so the form can say why instead of the generic 413 page. */
export const maximumResourceBytes = 1536 * 1024;
/** What a resource file may be: PDF and office documents, checked from their bytes (learning's sniffer). */
export const acceptedResourceTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
];

export type Publisher = { value: string; label: string };

/** Where the viewer may publish: organisations they coach or administer, networks they animate. */
export function publishersOf(viewer: Viewer): Publisher[] {
  const names = new Map(viewer.memberships.map((membership) => [membership.organisationId, membership.organisationName]));
  return [
    ...organisationsWhere(viewer, ['org_admin', 'mobility_coach']).map((id) => ({
      value: `organisation:${id}`,
      label: names.get(id) ?? id,
    })),
    ...viewer.animatedNetworks.map((network) => ({ value: `network:${network.id}`, label: network.name })),
  ];
}

export async function searchLibrary(db: Database, viewer: Viewer | null, filter: ResourceSearch) {
  const rows = await repository.searchResources(db, viewer, filter, resourcePageSize);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** A resource the viewer may read; a private resource of another organisation is 404. */
export async function resourceFor(db: Database, viewer: Viewer | null, resourceId: string) {
  if (!uuidPattern.test(resourceId)) throw notFound();
  const found = await repository.findVisibleResource(db, viewer, resourceId);
  if (!found) throw notFound();
  return found;
}

function checkedFile(file: UploadedFile | undefined): string {
  if (!file || file.bytes.byteLength === 0) throw new AppError('invalid_input', 'resources.error.file', { file: 'resources.error.file' });
  if (file.bytes.byteLength > maximumResourceBytes)
    throw new AppError('payload_too_large', 'resources.error.tooLarge', { file: 'resources.error.tooLarge' });
  const type = sniffedType(file.bytes, file.type);
  if (!type || !acceptedResourceTypes.includes(type))
    throw new AppError('invalid_input', 'resources.error.type', { file: 'resources.error.type' });
  return type;
}

/** Publishes a resource; a file is checked (size 413, type from its bytes) and stored before the row is written. */
export async function publishResource(
  db: Database,
  storage: FileStorage,
  actor: Actor,
  input: ResourceInput,
  file: UploadedFile | undefined,
) {
  if (!publishersOf(actor.viewer).some((publisher) => publisher.value === input.publisher)) throw notFound();
  const [publisherKind, publisherId] = input.publisher.split(':') as ['organisation' | 'network', string];
  const stored = input.kind === 'file' ? { type: checkedFile(file), key: `resources/${randomUUID()}` } : undefined;
  if (stored) await storage.put(stored.key, file!.bytes);
  return db.transaction(async (tx) => {
    const resource = await repository.insertResource(tx, {
      organisationId: publisherKind === 'organisation' ? publisherId : null,
      networkId: publisherKind === 'network' ? publisherId : null,
      kind: input.kind,
      title: input.title,
      summary: input.summary,
      language: input.language,
      audience: input.audience,
      phase: input.phase ?? null,
      topic: input.topic,
      tags: input.tags,
      url: input.kind === 'link' ? input.url : null,
      body: input.kind === 'page' ? input.body : null,
      storageKey: stored?.key ?? null,
      fileName: stored ? file!.name.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file' : null,
      contentType: stored?.type ?? null,
      sizeBytes: stored ? file!.bytes.byteLength : null,
      createdById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'resource.published',
      entityType: 'resource',
      entityId: resource.id,
      organisationId: publisherKind === 'organisation' ? publisherId : null,
      requestId: actor.requestId,
      details: { kind: input.kind, audience: input.audience },
    });
    return resource;
  });
}

// ---- seeded library -------------------------------------------------------------------------------

const libraryEntrySchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]+$/),
  language: z.enum(resourceLanguages),
  title: z.string().trim().min(1),
  summary: z.string().trim().min(1),
  url: z.url().startsWith('https://'),
  publisher: z.string().trim().min(1),
  audience: z.enum(resourceAudiences),
  phase: z.enum(resourcePhases).optional(),
  topic: z.enum(resourceTopics),
  tags: z.array(z.string().regex(/^[\p{Ll}0-9+-]+$/u)).max(10),
  checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export const libraryFileSchema = z.strictObject({
  lastReviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  resources: z.array(libraryEntrySchema).min(12),
});
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;

export const libraryFile = path.join(contentDirectory, 'resources', 'library.yaml');

export function loadLibrary(file = libraryFile): LibraryEntry[] {
  const parsed = libraryFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`content/resources/library.yaml: ${z.prettifyError(parsed.error)}`);
  return parsed.data.resources;
}

/** Loads content/resources/library.yaml as the platform's own links; running it again changes nothing. */
export async function seedResources(db: Database, entries: LibraryEntry[] = loadLibrary(), now: Date = new Date()): Promise<number> {
  let changed = 0;
  for (const entry of entries) {
    await db.transaction(async (tx) => {
      const resourceId = await repository.upsertSeededResource(tx, {
        contentKey: entry.key,
        kind: 'link',
        title: entry.title,
        summary: entry.summary,
        language: entry.language,
        audience: entry.audience,
        phase: entry.phase ?? null,
        topic: entry.topic,
        tags: entry.tags,
        url: entry.url,
        publisher: entry.publisher,
        createdAt: now,
        updatedAt: now,
      });
      if (!resourceId) return;
      changed += 1;
      await recordAudit(tx, {
        actorId: null,
        action: 'resource.seeded',
        entityType: 'resource',
        entityId: resourceId,
        details: { key: entry.key },
      });
    });
  }
  return changed;
}
