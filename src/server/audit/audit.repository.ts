import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { auditLog, people } from '../db/schema/index.js';

export type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
};

/** Call inside the transaction of the change it records. */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    organisationId: entry.organisationId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? null,
  });
}

export type AuditFilter = { organisationId: string; action?: string; before?: number; since?: Date };

export async function listAuditEntries(db: Database, filter: AuditFilter, pageSize: number) {
  const conditions: SQL[] = [eq(auditLog.organisationId, filter.organisationId)];
  if (filter.action) conditions.push(sql`${auditLog.action} like ${filter.action.replace(/[%_\\]/g, '\\$&') + '%'}`);
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  if (filter.since) conditions.push(gte(auditLog.at, filter.since));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      requestId: auditLog.requestId,
      details: auditLog.details,
      actorGivenName: people.givenName,
      actorFamilyName: people.familyName,
    })
    .from(auditLog)
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(pageSize + 1);
}

export async function listAuditEntriesAbout(db: Database, actorOrEntityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.actorId} = ${actorOrEntityId} or ${auditLog.entityId} = ${actorOrEntityId}`)
    .orderBy(desc(auditLog.id))
    .limit(1000);
}
