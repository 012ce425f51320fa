import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { grantRates } from '../db/schema/index.js';
import type { Viewer } from '../accounts/viewer.js';
import { organisationFor } from '../organisations/organisations.service.js';
import { canManageMobilityOf } from './mobilities.policy.js';
import { estimateGrant, grantRateKeys, type GrantRates } from './rules/grant-estimate.js';
import type { ActivityType, DistanceBand } from './rules/types.js';
import type { mobilityFor } from './mobilities.service.js';

/** The rows of the table as the pure estimate reads them. */
export function toGrantRates(rows: readonly { rateKey: string; cents: number }[]): GrantRates {
  const rates: GrantRates = { dailyFirstDays: {}, dailyLongStay: {}, travelStandard: {}, travelGreen: {} };
  const tables = { daily_first: rates.dailyFirstDays, daily_long: rates.dailyLongStay, travel_standard: rates.travelStandard, travel_green: rates.travelGreen } as const;
  for (const row of rows) {
    const separator = row.rateKey.indexOf(':');
    const table = tables[row.rateKey.slice(0, separator) as keyof typeof tables] as Record<string, number> | undefined;
    if (table) table[row.rateKey.slice(separator + 1)] = row.cents;
  }
  return rates;
}

export async function ratesOf(db: Database, organisationId: string) {
  return db.select({ rateKey: grantRates.rateKey, cents: grantRates.cents, updatedAt: grantRates.updatedAt }).from(grantRates).where(eq(grantRates.organisationId, organisationId));
}

/** The organisation's rate table, for the staff who manage its mobilities (404 for anyone else). */
export async function rateTableFor(db: Database, viewer: Viewer, organisationId: string) {
  const organisation = await organisationFor(db, viewer, organisationId, 'view');
  if (!canManageMobilityOf(viewer, organisation.id)) throw notFound();
  return { organisation, rows: await ratesOf(db, organisation.id) };
}

/** Replaces the typed rates (a blank field removes that rate) in one transaction, with an audit row. */
export async function saveRates(db: Database, actor: Actor, organisationId: string, centsByKey: ReadonlyMap<string, number | null>) {
  const { organisation } = await rateTableFor(db, actor.viewer, organisationId);
  const kept = [...centsByKey].filter((entry): entry is [string, number] => entry[1] !== null && grantRateKeys.includes(entry[0]));
  const removed = [...centsByKey].filter(([, cents]) => cents === null).map(([key]) => key);
  await db.transaction(async (tx) => {
    if (removed.length) await tx.delete(grantRates).where(and(eq(grantRates.organisationId, organisation.id), inArray(grantRates.rateKey, removed)));
    if (kept.length) {
      await tx
        .insert(grantRates)
        .values(kept.map(([rateKey, cents]) => ({ organisationId: organisation.id, rateKey, cents, updatedById: actor.viewer.personId, updatedAt: actor.now })))
        .onConflictDoUpdate({
          target: [grantRates.organisationId, grantRates.rateKey],
          set: { cents: sql`excluded.cents`, updatedById: actor.viewer.personId, updatedAt: actor.now },
        });
    }
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'grant_rates.updated', entityType: 'organisation', entityId: organisation.id, organisationId: organisation.id, requestId: actor.requestId, details: { rates: kept.length } });
  });
}

/** The estimate of one mobility from its sending organisation's rates (managers only: it shows money). */
export async function grantEstimateOf(db: Database, view: Awaited<ReturnType<typeof mobilityFor>>) {
  const first = view.itineraries[0]?.itinerary;
  const input = { ...view.mobility, activityType: view.mobility.activityType as ActivityType, distanceBand: view.mobility.distanceBand as DistanceBand | null, hostCountry: first?.country ?? null };
  return estimateGrant(input, toGrantRates(await ratesOf(db, view.mobility.sendingOrganisationId)));
}
