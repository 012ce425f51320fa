import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { apiTokens, memberships, organisations, people, sessions } from '../db/schema/index.js';
import { listAuditEntriesAbout } from '../audit/audit.repository.js';
import { listGuardianshipsOf } from '../accounts/accounts.repository.js';
import { listMailTo } from '../mail/outbox.repository.js';
import { personalLearningData } from '../learning/learning.repository.js';
import { correctionsProposedBy } from '../kits/kits.repository.js';
import { personalMapData } from '../map/map.repository.js';
import { personalIncidentData } from '../incidents/incidents.repository.js';
import { findSelfAssessment } from '../learning/self-assessment.repository.js';

type Exporter = (db: Database, personId: string) => Promise<Record<string, unknown>>;

/**
 * Each capability that stores personal data registers what it holds about a person here, so
 * "download my data" (and later erasure) can never forget a table.
 */
export const personalDataExporters: Exporter[] = [
  async (db, personId) => {
    const [person] = await db.select().from(people).where(eq(people.id, personId));
    const rows = await db
      .select({ organisation: organisations.legalName, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.personId, personId));
    return { person, memberships: rows, guardianships: await listGuardianshipsOf(db, personId) };
  },
  async (db, personId) => ({
    sessions: await db
      .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ipAddress: sessions.ipAddress, userAgent: sessions.userAgent, signInMethod: sessions.signInMethod })
      .from(sessions)
      .where(eq(sessions.personId, personId)),
    apiTokens: await db
      .select({ name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.personId, personId)),
    auditTrail: await listAuditEntriesAbout(db, personId),
  }),
  async (db, personId) => {
    const [person] = await db.select({ email: people.email }).from(people).where(eq(people.id, personId));
    return { emailsSent: person?.email ? await listMailTo(db, person.email) : [] };
  },
  async (db, personId) => ({ learning: await personalLearningData(db, personId) }),
  async (db, personId) => ({ kitCorrections: await correctionsProposedBy(db, personId) }),
  async (db, personId) => ({ map: await personalMapData(db, personId) }),
  async (db, personId) => ({ incidents: await personalIncidentData(db, personId) }),
  async (db, personId) => ({ coachSelfAssessment: (await findSelfAssessment(db, personId)) ?? null }),
];

export async function exportPersonalData(db: Database, personId: string, now: Date) {
  const parts = await Promise.all(personalDataExporters.map((exporter) => exporter(db, personId)));
  return { exportedAt: now.toISOString(), ...Object.assign({}, ...parts) };
}
