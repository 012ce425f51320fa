import assert from 'node:assert/strict';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { consents, emergencyContacts, guardianships, mobilities, outboxMessages, people } from '../db/schema/index.js';
import { readDemoWorld } from '../db/seed/demo.js';
import { TestClient, type TestApp } from './test-app.js';

const world = readDemoWorld();
export const demoEmail = (key: string) => world.people.find((person) => person.key === key)!.email;

export async function demoPersonId(db: Database, key: string) {
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, demoEmail(key)));
  return row!.id;
}

/** A client signed in as a demo person: by password, or by following the magic link from the outbox. */
export async function signedInDemo(testApp: TestApp, key: string) {
  const client = new TestClient(testApp);
  const person = world.people.find((entry) => entry.key === key)!;
  if (!person.magicLinkOnly) {
    await client.signIn(person.email, world.password);
    return client;
  }
  await client.post('/magic-link', { email: person.email });
  const [mail] = await testApp.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, person.email))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  const link = mail!.textBody.match(/http:\/\/passerelle\.test(\/magic\/[^\s?]+)/)![1]!;
  assert.equal((await client.post(link)).status, 303);
  return client;
}

export async function demoMobilityOf(db: Database, personKey: string) {
  const [row] = await db
    .select({ id: mobilities.id })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(eq(people.email, demoEmail(personKey)));
  return row!.id;
}

/** Records what a minor's confirmation requires (guardian consents, two contacts per side), as the coach would. */
export async function completeMinorRequirements(db: Database, mobilityId: string) {
  const [mobility] = await db.select().from(mobilities).where(eq(mobilities.id, mobilityId));
  const [guardian] = await db.select().from(guardianships).where(eq(guardianships.learnerId, mobility!.participantId));
  await db.insert(consents).values(
    (['mobility', 'travel', 'emergency_medical_care'] as const).map((kind) => ({
      mobilityId,
      guardianId: guardian!.guardianId,
      kind,
      method: 'signed_paper' as const,
      givenOn: '2026-11-20',
    })),
  );
  await db.insert(emergencyContacts).values([
    { mobilityId, side: 'sending', name: 'Sophie Dubois', phone: '+33 6 00 00 00 02' },
    { mobilityId, side: 'sending', name: 'Camille Martin', phone: '+33 4 77 00 00 01' },
    { mobilityId, side: 'host', name: 'Katrin Petersen', phone: '+49 461 000000' },
    { mobilityId, side: 'host', name: 'Birgit Jensen', phone: '+49 461 000001' },
  ]);
}
