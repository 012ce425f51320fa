import type { Database } from '../db/client.js';
import { networkAnimators, networks } from '../db/schema/index.js';
import { buildPerson } from './factories.js';

/** A person who animates a network: one of the two roles that review kit corrections. */
export async function buildNetworkAnimator(db: Database) {
  const [network] = await db.insert(networks).values({ name: 'Réseau test' }).returning();
  const person = await buildPerson(db, { givenName: 'Nadia' });
  await db.insert(networkAnimators).values({ networkId: network!.id, personId: person.id });
  return person;
}
