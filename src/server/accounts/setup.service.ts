import type { Database } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { countPlatformAdmins, findPersonByEmail, insertPerson, normaliseEmail, setPassword, updatePerson } from './accounts.repository.js';
import { hashPassword } from './passwords.js';

export async function isSetupNeeded(db: Database): Promise<boolean> {
  return (await countPlatformAdmins(db)) === 0;
}

/** Creates (or promotes) the platform administrator. Used by /setup and `npm run create-admin`. */
export async function createPlatformAdmin(
  db: Database,
  input: { givenName: string; familyName: string; email: string; password: string; language: string },
  now: Date,
) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await findPersonByEmail(tx, input.email);
    if (existing && existing.person.isPlatformAdmin) throw new AppError('conflict', 'setup.alreadyAdmin');
    const person = existing
      ? existing.person
      : await insertPerson(tx, { givenName: input.givenName, familyName: input.familyName, email: normaliseEmail(input.email), preferredLanguage: input.language });
    await updatePerson(tx, person.id, { isPlatformAdmin: true, deactivatedAt: null, updatedAt: now });
    await setPassword(tx, person.id, passwordHash, now);
    await recordAudit(tx, { actorId: person.id, action: 'platform_admin.created', entityType: 'person', entityId: person.id });
    return person;
  });
}
