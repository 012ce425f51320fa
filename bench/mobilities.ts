import { eq } from 'drizzle-orm';
import type { Database } from '../src/server/db/client.js';
import { grantProjects, organisations, people } from '../src/server/db/schema/index.js';
import { loadViewer } from '../src/server/accounts/viewer.js';
import { benchmarkAdminEmail, benchmarkProjectCode } from '../src/server/db/seed/large.js';
import { commitImport, previewImport } from '../src/server/mobilities/import.service.js';
import { exportReport } from '../src/server/mobilities/export.service.js';
import { createProject } from '../src/server/mobilities/projects.service.js';
import { writeBeneficiaryModuleCsv } from '../src/server/mobilities/spreadsheets/beneficiary-module.js';

export type Timing = { name: string; rows: number; milliseconds: number };

/** A French-Excel-like CSV of `count` learners and their mobilities (UTF-8 with BOM, `;`). */
export function generatedLearnerCsv(count: number, hostName: string): Uint8Array {
  const header = 'Nom;Prénom;Date de naissance;Courriel;Diplôme préparé;Niveau EQF;Entreprise d’accueil;Ville d’accueil;Pays d’accueil;Date de début;Date de fin;Type de mobilité;Moyen de transport;Voyage vert';
  const lines = [header];
  for (let index = 0; index < count; index += 1) {
    const day = String((index % 27) + 1).padStart(2, '0');
    lines.push(`Bench${index};Apprenti;${day}/03/2006;bench.import.${index}@large.example;Bac pro Logistique;4;${hostName};Flensburg;Allemagne;${day}/03/2027;${day}/04/2027;Courte durée;Train;Oui`);
  }
  return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

class BenchmarkRollback extends Error {}

/**
 * Times the import (preview + commit) and the BM export of 10,000 rows, in process, inside a
 * transaction that is rolled back: repeated runs measure the same dataset.
 */
export async function timeImportAndExport(database: Database): Promise<Timing[]> {
  let timings: Timing[] = [];
  try {
    await database.transaction(async (db) => {
      timings = await timeInside(db);
      throw new BenchmarkRollback();
    });
  } catch (error) {
    if (!(error instanceof BenchmarkRollback)) throw error;
  }
  return timings;
}

async function timeInside(db: Database): Promise<Timing[]> {
  const [admin] = await db.select({ id: people.id }).from(people).where(eq(people.email, benchmarkAdminEmail));
  const viewer = (await loadViewer(db, admin!.id))!;
  const actor = { viewer, requestId: 'bench', now: new Date() };
  const [sending] = await db.select().from(organisations).where(eq(organisations.oid, 'E20000000'));
  const [host] = await db.select().from(organisations).where(eq(organisations.oid, 'E20000075'));
  const code = `2026-1-FR01-KA121-VET-${String(Date.now() % 1_000_000_000).padStart(9, '0')}`;
  const project = await createProject(db, actor, { code, title: 'Import benchmark', keyAction: 'KA121', field: 'VET', beneficiaryId: sending!.id, startDate: '2026-06-01', endDate: '2028-05-31' });
  const csv = generatedLearnerCsv(10_000, host!.legalName);
  const importStarted = performance.now();
  const preview = await previewImport(db, actor, project.id, sending!.id, 'bench.csv', csv);
  if (preview.result.errors.length || preview.readError) throw new Error(`bench import has errors: ${JSON.stringify(preview.result.errors.slice(0, 3))}`);
  await commitImport(db, actor, project.id, preview.importId);
  const importMs = performance.now() - importStarted;

  const [large] = await db.select({ id: grantProjects.id }).from(grantProjects).where(eq(grantProjects.code, benchmarkProjectCode));
  const exportStarted = performance.now();
  const { rows } = await exportReport(db, actor, large!.id);
  const csvOut = writeBeneficiaryModuleCsv(rows);
  const exportMs = performance.now() - exportStarted;
  if (csvOut.length < 1000) throw new Error('empty export');
  return [
    { name: 'import (read, validate, preview, commit)', rows: 10_000, milliseconds: Math.round(importMs) },
    { name: 'Beneficiary Module export (query, pre-validation, CSV)', rows: rows.length, milliseconds: Math.round(exportMs) },
  ];
}
