import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { guardianships, memberships, mobilities, mobilityItineraries, organisations, people, spreadsheetImports } from '../db/schema/index.js';
import { readSpreadsheet, SpreadsheetReadError } from './spreadsheets/read.js';
import { mapLearnerImportRows, type LearnerImportRecord, type LearnerImportResult } from './spreadsheets/learner-import.js';
import { distanceBand, greatCircleDistanceKm } from './rules/geo.js';
import { projectFor } from './projects.service.js';
import { bulkInsert } from '../db/bulk-insert.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;
export const maximumImportBytes = 2 * 1024 * 1024;

export type ImportPreview = { importId: string; fileName: string; result: LearnerImportResult; readError: string | null };

async function parse(content: Uint8Array): Promise<{ result: LearnerImportResult | null; readError: string | null }> {
  try {
    return { result: mapLearnerImportRows(await readSpreadsheet(content)), readError: null };
  } catch (error) {
    if (error instanceof SpreadsheetReadError) return { result: null, readError: error.code };
    throw error;
  }
}

async function managedProject(db: Database, actor: Actor, projectId: string, sendingOrganisationId: string) {
  const project = await projectFor(db, actor.viewer, projectId);
  if (!project.managedSending.some((organisation) => organisation.id === sendingOrganisationId)) throw notFound();
  return project;
}

/** Stores the upload and returns its preview; nothing else is written until the coach confirms. */
export async function previewImport(db: Database, actor: Actor, projectId: string, sendingOrganisationId: string, fileName: string, content: Uint8Array): Promise<ImportPreview> {
  await managedProject(db, actor, projectId, sendingOrganisationId);
  if (content.byteLength > maximumImportBytes) throw new AppError('payload_too_large');
  const { result, readError } = await parse(content);
  const [stored] = await db
    .insert(spreadsheetImports)
    .values({ projectId, sendingOrganisationId, uploadedById: actor.viewer.personId, fileName: fileName.slice(0, 200), content, rowCount: result?.rowCount ?? 0, errorCount: readError ? 1 : (result?.errors.length ?? 0) })
    .returning({ id: spreadsheetImports.id });
  return { importId: stored!.id, fileName, result: result ?? { records: [], errors: [], rowCount: 0, columnByField: {}, ignoredHeaders: [] }, readError };
}

export async function storedPreview(db: Database, actor: Actor, projectId: string, importId: string): Promise<ImportPreview & { sendingOrganisationId: string; committedAt: Date | null }> {
  if (!uuidPattern.test(importId)) throw notFound();
  const [stored] = await db.select().from(spreadsheetImports).where(and(eq(spreadsheetImports.id, importId), eq(spreadsheetImports.projectId, projectId)));
  if (!stored) throw notFound();
  await managedProject(db, actor, projectId, stored.sendingOrganisationId);
  const { result, readError } = await parse(stored.content);
  return { importId, fileName: stored.fileName, result: result ?? { records: [], errors: [], rowCount: 0, columnByField: {}, ignoredHeaders: [] }, readError, sendingOrganisationId: stored.sendingOrganisationId, committedAt: stored.committedAt };
}

const nameKey = (givenName: string, familyName: string) => `${familyName.trim().toLowerCase()}|${givenName.trim().toLowerCase()}`;

/**
 * Writes a previewed import in ONE transaction: learners (matched by email, else name and birth date),
 * guardians, host organisations (matched by name), memberships and mobilities (matched on the
 * record's stable key, so re-importing the same file updates instead of duplicating). A file with any
 * error writes nothing.
 */
export async function commitImport(db: Database, actor: Actor, projectId: string, importId: string) {
  const preview = await storedPreview(db, actor, projectId, importId);
  if (preview.readError || preview.result.errors.length > 0) throw new AppError('conflict', 'imports.hasErrors');
  if (preview.committedAt) throw new AppError('conflict', 'imports.alreadyCommitted');
  const project = await projectFor(db, actor.viewer, projectId);
  const records = preview.result.records;
  const now = actor.now;
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(spreadsheetImports)
      .set({ committedAt: now })
      .where(and(eq(spreadsheetImports.id, importId), sql`${spreadsheetImports.committedAt} is null`))
      .returning({ id: spreadsheetImports.id });
    if (claimed.length === 0) throw new AppError('conflict', 'imports.alreadyCommitted');
    const [sending] = await tx.select().from(organisations).where(eq(organisations.id, preview.sendingOrganisationId));

    // People, found in bulk by email and by name + birth date.
    const emails = [...new Set(records.flatMap((record) => [record.learner.email, record.guardian?.email].filter((email): email is string => Boolean(email)).map((email) => email.toLowerCase())))];
    const existingByEmail = new Map<string, string>();
    for (let index = 0; index < emails.length; index += 1000) {
      const rows = await tx.select({ id: people.id, email: people.email }).from(people).where(inArray(sql`lower(${people.email})`, emails.slice(index, index + 1000)));
      rows.forEach((row) => existingByEmail.set(row.email!.toLowerCase(), row.id));
    }
    const birthDates = [...new Set(records.map((record) => record.learner.birthDate))];
    const existingByNameAndBirth = new Map<string, string>();
    for (let index = 0; index < birthDates.length; index += 1000) {
      const rows = await tx.select({ id: people.id, givenName: people.givenName, familyName: people.familyName, birthDate: people.birthDate }).from(people).where(inArray(people.birthDate, birthDates.slice(index, index + 1000)));
      rows.forEach((row) => existingByNameAndBirth.set(`${nameKey(row.givenName, row.familyName)}|${row.birthDate}`, row.id));
    }
    const learnerIdOf = new Map<LearnerImportRecord, string>();
    const newPeople: (typeof people.$inferInsert & { id: string })[] = [];
    for (const record of records) {
      const { learner } = record;
      const existing = (learner.email && existingByEmail.get(learner.email.toLowerCase())) || existingByNameAndBirth.get(`${nameKey(learner.givenName, learner.familyName)}|${learner.birthDate}`);
      if (existing) {
        learnerIdOf.set(record, existing);
        continue;
      }
      const id = crypto.randomUUID();
      newPeople.push({ id, givenName: learner.givenName, familyName: learner.familyName, email: learner.email, birthDate: learner.birthDate, phone: learner.phone, preferredLanguage: 'fr' });
      if (learner.email) existingByEmail.set(learner.email.toLowerCase(), id);
      existingByNameAndBirth.set(`${nameKey(learner.givenName, learner.familyName)}|${learner.birthDate}`, id);
      learnerIdOf.set(record, id);
    }
    const guardianLinks: { guardianId: string; learnerId: string }[] = [];
    for (const record of records) {
      const guardian = record.guardian;
      if (!guardian?.name && !guardian?.email) continue;
      let guardianId = guardian.email ? existingByEmail.get(guardian.email.toLowerCase()) : undefined;
      if (!guardianId) {
        guardianId = crypto.randomUUID();
        const [givenName = '', ...rest] = (guardian.name ?? guardian.email!).trim().split(/\s+/);
        newPeople.push({ id: guardianId, givenName, familyName: rest.join(' ') || record.learner.familyName, email: guardian.email, phone: guardian.phone, preferredLanguage: 'fr' });
        if (guardian.email) existingByEmail.set(guardian.email.toLowerCase(), guardianId);
      }
      guardianLinks.push({ guardianId, learnerId: learnerIdOf.get(record)! });
    }
    await bulkInsert(tx, people, newPeople);
    const membershipRows = [
      ...records.map((record) => ({ personId: learnerIdOf.get(record)!, organisationId: preview.sendingOrganisationId, role: 'learner' as const })),
      ...guardianLinks.map((link) => ({ personId: link.guardianId, organisationId: preview.sendingOrganisationId, role: 'guardian' as const })),
    ];
    await bulkInsert(tx, memberships, membershipRows, { onConflictDoNothing: true });
    await bulkInsert(tx, guardianships, guardianLinks, { onConflictDoNothing: true });

    // Host organisations, matched by name; new ones are created as companies.
    const hostNames = [...new Set(records.map((record) => record.mobility.hostOrganisationName?.trim()).filter((name): name is string => Boolean(name)))];
    const hosts = hostNames.length ? await tx.select().from(organisations).where(inArray(sql`lower(${organisations.legalName})`, hostNames.map((name) => name.toLowerCase()))) : [];
    const hostByName = new Map(hosts.map((host) => [host.legalName.toLowerCase(), host]));
    for (const record of records) {
      const name = record.mobility.hostOrganisationName?.trim();
      if (!name || hostByName.has(name.toLowerCase())) continue;
      const [created] = await tx.insert(organisations).values({ type: 'company', legalName: name, city: record.mobility.hostCity ?? '', country: record.mobility.hostCountryCode ?? 'XX', languages: [] }).returning();
      hostByName.set(name.toLowerCase(), created!);
    }

    // Mobilities, upserted on (project, import key); their first itinerary replaced.
    const existingMobilities = await tx.select({ id: mobilities.id, importKey: mobilities.importKey }).from(mobilities).where(and(eq(mobilities.projectId, projectId), inArray(mobilities.importKey, records.map((record) => record.matchingKey))));
    const mobilityIdByKey = new Map(existingMobilities.map((row) => [row.importKey!, row.id]));
    let created = 0;
    let updated = 0;
    const itineraries: (typeof mobilityItineraries.$inferInsert)[] = [];
    const newMobilities: (typeof mobilities.$inferInsert & { id: string })[] = [];
    for (const record of records) {
      const host = record.mobility.hostOrganisationName ? hostByName.get(record.mobility.hostOrganisationName.trim().toLowerCase()) : undefined;
      const distanceKm =
        host?.latitude != null && host.longitude != null && sending?.latitude != null && sending.longitude != null
          ? greatCircleDistanceKm({ latitude: sending.latitude, longitude: sending.longitude }, { latitude: host.latitude, longitude: host.longitude })
          : null;
      const values = {
        activityType: record.mobility.activityType,
        startDate: record.mobility.startDate,
        endDate: record.mobility.endDate,
        qualificationTitle: record.mobility.qualificationTitle,
        eqfLevel: record.mobility.eqfLevel,
        mainTransport: record.mobility.mainTransport,
        isGreenTravel: record.mobility.isGreenTravel,
        distanceKm: distanceKm === null ? null : Math.round(distanceKm),
        distanceBand: distanceKm === null ? null : distanceBand(distanceKm),
        updatedAt: now,
      };
      let mobilityId = mobilityIdByKey.get(record.matchingKey);
      if (mobilityId) {
        await tx.update(mobilities).set(values).where(eq(mobilities.id, mobilityId));
        await tx.delete(mobilityItineraries).where(eq(mobilityItineraries.mobilityId, mobilityId));
        updated += 1;
      } else {
        mobilityId = crypto.randomUUID();
        mobilityIdByKey.set(record.matchingKey, mobilityId);
        newMobilities.push({ id: mobilityId, projectId, participantId: learnerIdOf.get(record)!, sendingOrganisationId: preview.sendingOrganisationId, importKey: record.matchingKey, status: 'draft', createdAt: now, ...values });
        created += 1;
      }
      if (host) {
        itineraries.push({ mobilityId, hostOrganisationId: host.id, city: record.mobility.hostCity ?? host.city, country: record.mobility.hostCountryCode ?? host.country, latitude: host.latitude, longitude: host.longitude, startDate: record.mobility.startDate, endDate: record.mobility.endDate });
      }
    }
    await bulkInsert(tx, mobilities, newMobilities);
    await bulkInsert(tx, mobilityItineraries, itineraries);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'import.committed',
      entityType: 'grant_project',
      entityId: projectId,
      organisationId: preview.sendingOrganisationId,
      requestId: actor.requestId,
      details: { importId, fileName: preview.fileName, rows: records.length, created, updated, newPeople: newPeople.length, projectCode: project.project.code },
    });
    return { created, updated, people: newPeople.length };
  });
}
