import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { recordAudit } from '../audit/audit.repository.js';
import { accompaniments, grantProjects, mobilities, mobilityItineraries, organisations, people } from '../db/schema/index.js';
import { visibleMobilities } from './mobilities.repository.js';
import { projectFor } from './projects.service.js';
import type { ActivityType } from './rules/types.js';
import { cityLocation, validationInputFrom } from './mobilities.service.js';
import { preValidationReport, type MobilityForExport } from './spreadsheets/beneficiary-module.js';

const sendingOrganisation = alias(organisations, 'sending_organisation');
const hostOrganisation = alias(organisations, 'host_organisation');
const firstItinerary = alias(mobilityItineraries, 'first_itinerary');

/** Every mobility of the project the viewer may see, shaped for the Beneficiary Module and its checks. */
export async function mobilitiesForExport(db: Database, actor: Actor, projectId: string): Promise<MobilityForExport[]> {
  const { project } = await projectFor(db, actor.viewer, projectId);
  const visibility = visibleMobilities(actor.viewer);
  const rows = await db
    .select({
      mobility: mobilities,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      birthDate: people.birthDate,
      sendingOid: sendingOrganisation.oid,
      sendingCity: sendingOrganisation.city,
      sendingCountry: sendingOrganisation.country,
      sendingLatitude: sendingOrganisation.latitude,
      sendingLongitude: sendingOrganisation.longitude,
      hostOid: hostOrganisation.oid,
      hostCity: firstItinerary.city,
      hostCountry: firstItinerary.country,
      hostLatitude: firstItinerary.latitude,
      hostLongitude: firstItinerary.longitude,
      accompaniedCount: sql<number>`(select count(*)::int from ${accompaniments} where ${accompaniments.accompanyingMobilityId} = ${mobilities.id})`,
      accompaniedActivity: sql<string | null>`(select learner.activity_type from ${accompaniments} join ${mobilities} learner on learner.id = ${accompaniments.learnerMobilityId} where ${accompaniments.accompanyingMobilityId} = ${mobilities.id} limit 1)`,
    })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .innerJoin(grantProjects, eq(grantProjects.id, mobilities.projectId))
    .innerJoin(sendingOrganisation, eq(sendingOrganisation.id, mobilities.sendingOrganisationId))
    .leftJoin(firstItinerary, and(eq(firstItinerary.mobilityId, mobilities.id), eq(firstItinerary.position, 1)))
    .leftJoin(hostOrganisation, eq(hostOrganisation.id, firstItinerary.hostOrganisationId))
    .where(and(eq(mobilities.projectId, projectId), sql`${mobilities.status} <> 'withdrawn'`, ...(visibility ? [visibility] : [])))
    .orderBy(asc(mobilities.createdAt), asc(mobilities.id));
  const activityPrefix = project.code.slice(-6);
  return rows.map((row, index) => ({
    ...validationInputFrom({
      mobility: row.mobility,
      project,
      participantBirthDate: row.birthDate,
      sendingCity: cityLocation(row.sendingCity, row.sendingCountry, row.sendingLatitude, row.sendingLongitude),
      hostCity: cityLocation(row.hostCity, row.hostCountry, row.hostLatitude, row.hostLongitude),
      accompaniedLearnerCount: row.accompaniedCount,
    }),
    projectCode: project.code,
    mobilityActivityId: `${activityPrefix}-MOB-${String(index + 1).padStart(5, '0')}`,
    participantGivenName: row.givenName,
    participantFamilyName: row.familyName,
    participantEmail: row.email,
    accompaniedActivityType: (row.accompaniedActivity as ActivityType | null) ?? null,
    sendingOrganisationOid: row.sendingOid,
    receivingOrganisationOid: row.hostOid,
    inclusionSupportEuros: row.mobility.inclusionSupportEuros,
  }));
}

export async function exportReport(db: Database, actor: Actor, projectId: string) {
  const rows = await mobilitiesForExport(db, actor, projectId);
  const report = preValidationReport(rows);
  return { rows, report, hasErrors: report.some((line) => line.violation.severity === 'error') };
}

export async function auditExport(db: Database, actor: Actor, projectId: string, format: string, rows: number) {
  await recordAudit(db, { actorId: actor.viewer.personId, action: 'project.exported', entityType: 'grant_project', entityId: projectId, requestId: actor.requestId, details: { format, rows } });
}
