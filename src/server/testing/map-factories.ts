import type { Database } from '../db/client.js';
import { hostProfiles } from '../db/schema/index.js';
import { buildHostOrganisation, buildPerson } from './factories.js';

/** A German logistics company that accepts minors, with a host contact who signs in. */
export async function buildHostWithContact(db: Database, legalName = 'Hafenlager Kiel GmbH') {
  const organisation = await buildHostOrganisation(db, {
    legalName,
    city: 'Kiel',
    country: 'DE',
    latitude: 54.3233,
    longitude: 10.1228,
    languages: ['de', 'en'],
  });
  await db.insert(hostProfiles).values({
    organisationId: organisation.id,
    naceCode: 'H52.10',
    trades: ['logistics'],
    acceptsMinors: true,
    minimumAge: 16,
    capacity: 2,
  });
  const contact = await buildPerson(db, {
    givenName: 'Katrin',
    email: `katrin-${organisation.id.slice(0, 6)}@hafenlager.example`,
    preferredLanguage: 'de',
    roles: [[organisation.id, 'host_contact']],
  });
  return { organisation, contact };
}
