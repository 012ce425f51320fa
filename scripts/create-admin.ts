import { createInterface } from 'node:readline/promises';
import { bootstrap } from '../src/server/runtime.js';
import { setupSchema } from '../src/server/accounts/accounts.schema.js';
import { createPlatformAdmin } from '../src/server/accounts/setup.service.js';

/** `npm run create-admin` — asks for the administrator's details (or reads ADMIN_* variables). */
const { database } = await bootstrap();
const prompt = createInterface({ input: process.stdin, output: process.stdout });
const ask = async (variable: string, question: string) => process.env[variable] ?? (await prompt.question(question));
const givenName = await ask('ADMIN_GIVEN_NAME', 'Given name: ');
const familyName = await ask('ADMIN_FAMILY_NAME', 'Family name: ');
const email = await ask('ADMIN_EMAIL', 'Email: ');
const password = await ask('ADMIN_PASSWORD', 'Password (10 characters or more): ');
prompt.close();
const parsed = setupSchema.safeParse({ givenName, familyName, email, password, confirmation: password });
if (!parsed.success) {
  console.error(`create-admin: invalid ${String(parsed.error.issues[0]?.path[0])}`);
  process.exit(1);
}
await createPlatformAdmin(database.db, { ...parsed.data, language: 'fr' }, new Date());
console.log(`platform administrator ${parsed.data.email} is ready`);
await database.close();
