import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';
import { accounts, guardianships, memberships, organisations, people, type MembershipRole, type OrganisationType } from '../db/schema/index.js';
import { hashPassword } from '../accounts/passwords.js';
import { testPassword } from './test-app.js';

let passwordHash: Promise<string> | undefined;
const unique = () => randomBytes(4).toString('hex');

export async function buildOrganisation(db: Database, overrides: Partial<typeof organisations.$inferInsert> & { type?: OrganisationType } = {}) {
  const [row] = await db
    .insert(organisations)
    .values({ type: 'training_centre', legalName: `CFA ${unique()}`, city: 'Lyon', country: 'FR', languages: ['fr'], ...overrides })
    .returning();
  return row!;
}

export async function buildHostOrganisation(db: Database, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  return buildOrganisation(db, { type: 'company', legalName: `Host ${unique()} GmbH`, city: 'Flensburg', country: 'DE', languages: ['de'], ...overrides });
}

type PersonOptions = Partial<typeof people.$inferInsert> & {
  roles?: [organisationId: string, role: MembershipRole][];
  withPassword?: boolean;
};

export async function buildPerson(db: Database, { roles = [], withPassword = true, ...overrides }: PersonOptions = {}) {
  const [person] = await db
    .insert(people)
    .values({ givenName: 'Alex', familyName: `Test${unique()}`, email: `person-${unique()}@example.org`, ...overrides })
    .returning();
  if (withPassword) {
    passwordHash ??= hashPassword(testPassword);
    await db.insert(accounts).values({ personId: person!.id, passwordHash: await passwordHash });
  }
  if (roles.length) await db.insert(memberships).values(roles.map(([organisationId, role]) => ({ personId: person!.id, organisationId, role })));
  return person!;
}

export async function buildLearner(db: Database, organisationId: string, overrides: PersonOptions = {}) {
  return buildPerson(db, { givenName: 'Léa', birthDate: '2009-05-12', roles: [[organisationId, 'learner']], ...overrides });
}

export async function linkGuardian(db: Database, guardianId: string, learnerId: string) {
  await db.insert(guardianships).values({ guardianId, learnerId });
}
