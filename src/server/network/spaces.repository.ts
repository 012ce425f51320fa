import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { consortia, consortiumMembers, networkMembers, networks } from '../db/schema/index.js';

/** Networks someone animates or in which one of their organisations is a member. */
export async function networksOf(db: Database, animatedIds: string[], organisationIds: string[]) {
  if (animatedIds.length === 0 && organisationIds.length === 0) return [];
  return db
    .selectDistinct({ id: networks.id, name: networks.name })
    .from(networks)
    .leftJoin(networkMembers, eq(networkMembers.networkId, networks.id))
    .where(
      or(
        animatedIds.length ? inArray(networks.id, animatedIds) : sql`false`,
        organisationIds.length ? inArray(networkMembers.organisationId, organisationIds) : sql`false`,
      ),
    );
}

/** Consortia that one of the organisations coordinates or belongs to. */
export async function consortiaOf(db: Database, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .selectDistinct({ id: consortia.id, name: consortia.name, coordinatorId: consortia.coordinatorId })
    .from(consortia)
    .leftJoin(consortiumMembers, eq(consortiumMembers.consortiumId, consortia.id))
    .where(or(inArray(consortia.coordinatorId, organisationIds), inArray(consortiumMembers.organisationId, organisationIds)));
}
