import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  accounts,
  appSettings,
  consortia,
  consortiumMembers,
  grantProjects,
  guardianships,
  mobilities,
  mobilityItineraries,
  projectSendingOrganisations,
  memberships,
  networkAnimators,
  networkMembers,
  networks,
  organisations,
  people,
  type MembershipRole,
} from '../schema/index.js';
import { hashPassword } from '../../accounts/passwords.js';

export const largeSeedPassword = 'benchmark-password';
export const benchmarkCoachEmail = 'bench.coach@large.example';
export const benchmarkAdminEmail = 'bench.admin@large.example';

const cities = [
  ['Lyon', 'FR', 45.76, 4.84],
  ['Lille', 'FR', 50.63, 3.06],
  ['Nantes', 'FR', 47.22, -1.55],
  ['Toulouse', 'FR', 43.6, 1.44],
  ['Rennes', 'FR', 48.11, -1.68],
  ['Strasbourg', 'FR', 48.57, 7.75],
  ['Bordeaux', 'FR', 44.84, -0.58],
  ['Marseille', 'FR', 43.3, 5.37],
] as const;
const hostCities = [
  ['Flensburg', 'DE', 54.78, 9.44],
  ['Valencia', 'ES', 39.47, -0.38],
  ['Como', 'IT', 45.81, 9.09],
  ['Apeldoorn', 'NL', 52.21, 5.97],
  ['Legnica', 'PL', 51.21, 16.16],
  ['Helsinki', 'FI', 60.17, 24.94],
] as const;
const givenNames = ['Léa', 'Hugo', 'Chloé', 'Lucas', 'Inès', 'Nathan', 'Jade', 'Enzo', 'Manon', 'Yanis', 'Sarah', 'Théo', 'Lina', 'Noah', 'Emma', 'Adam'];
const familyNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David'];

type PersonRow = typeof people.$inferInsert & { id: string };

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 2000) {
  for (let index = 0; index < rows.length; index += size) await insert(rows.slice(index, index + size));
}

/**
 * The benchmark dataset: 100 organisations (75 training organisations, 25 host companies), 50,000
 * people with their memberships, guardians for minors, a network and two consortia. Bulk inserts;
 * one password hash shared by every generated account.
 */
export const benchmarkProjectCode = '2025-1-FR01-KA121-VET-000900001';

/** 10,000 mobilities of learners (and some staff) over two years, spread over the 25 host companies. */
async function seedLargeMobilities(
  tx: Database,
  organisationRows: (typeof organisations.$inferInsert & { id: string })[],
  personRows: PersonRow[],
  membershipRows: (typeof memberships.$inferInsert)[],
) {
  const [project] = await tx
    .insert(grantProjects)
    .values({ code: benchmarkProjectCode, title: 'Large benchmark project', keyAction: 'KA121', field: 'VET', beneficiaryId: organisationRows[0]!.id, startDate: '2025-06-01', endDate: '2027-08-31' })
    .returning();
  await tx.insert(projectSendingOrganisations).values(organisationRows.slice(0, 75).map((organisation) => ({ projectId: project!.id, organisationId: organisation.id })));
  const learners = personRows.map((person, index) => ({ person, membership: membershipRows[index]! })).filter((entry) => entry.membership.role === 'learner').slice(0, 10_000);
  const hosts = organisationRows.slice(75);
  const statuses = ['draft', 'candidate', 'selected', 'confirmed', 'under_way', 'completed', 'closed'] as const;
  const rows: (typeof mobilities.$inferInsert & { id: string })[] = [];
  const itineraries: (typeof mobilityItineraries.$inferInsert)[] = [];
  learners.forEach(({ person, membership }, index) => {
    const host = hosts[index % hosts.length]!;
    const start = new Date(Date.UTC(2025, 8, 1) + (index % 600) * 86_400_000);
    const days = index % 5 === 0 ? 120 : 28;
    const end = new Date(start.getTime() + (days - 1) * 86_400_000);
    const id = randomUUID();
    rows.push({
      id,
      projectId: project!.id,
      participantId: person.id,
      sendingOrganisationId: membership.organisationId,
      activityType: days >= 90 ? 'erasmus_pro' : 'vet_short_term',
      status: statuses[index % statuses.length]!,
      startDate: start.toISOString().slice(0, 10),
      endDate: end.toISOString().slice(0, 10),
      travelDays: 2,
      mainTransport: index % 3 === 0 ? 'plane' : 'train',
      isGreenTravel: index % 3 !== 0,
      eqfLevel: 4,
      qualificationTitle: 'Bac pro Logistique',
      iscedField: '1041',
      hasFewerOpportunities: index % 7 === 0,
      fewerOpportunitiesJustification: index % 7 === 0 ? 'Boursier' : null,
      distanceBand: '500-1999',
      distanceKm: 1100,
    });
    itineraries.push({ mobilityId: id, hostOrganisationId: host.id, city: host.city, country: host.country, latitude: host.latitude ?? null, longitude: host.longitude ?? null, startDate: rows.at(-1)!.startDate, endDate: rows.at(-1)!.endDate });
  });
  await insertInChunks(rows, (chunk) => tx.insert(mobilities).values(chunk), 1000);
  await insertInChunks(itineraries, (chunk) => tx.insert(mobilityItineraries).values(chunk), 2000);
}

export async function seedLarge(db: Database, log: (line: string) => void = () => {}) {
  const existing = await db.select().from(appSettings).where(eq(appSettings.key, 'large_seeded'));
  if (existing.length) return false;
  const started = Date.now();
  const passwordHash = await hashPassword(largeSeedPassword);
  const organisationRows: (typeof organisations.$inferInsert & { id: string })[] = [];
  for (let index = 0; index < 100; index += 1) {
    const isHost = index >= 75;
    const [city, country, latitude, longitude] = isHost ? hostCities[index % hostCities.length]! : cities[index % cities.length]!;
    organisationRows.push({
      id: randomUUID(),
      type: isHost ? 'company' : index % 3 === 0 ? 'vocational_school' : 'training_centre',
      legalName: isHost ? `Host company ${index - 74} (${city})` : `Training centre ${index + 1} (${city})`,
      city,
      country,
      latitude,
      longitude,
      oid: `E${String(20_000_000 + index).padStart(8, '0')}`,
      languages: isHost ? ['en'] : ['fr'],
    });
  }
  await db.insert(organisations).values(organisationRows);

  const personRows: PersonRow[] = [];
  const membershipRows: (typeof memberships.$inferInsert)[] = [];
  const guardianRows: (typeof guardianships.$inferInsert)[] = [];
  let counter = 0;
  const addPerson = (organisationId: string, role: MembershipRole, extra: Partial<PersonRow> = {}) => {
    counter += 1;
    const row: PersonRow = {
      id: randomUUID(),
      givenName: givenNames[counter % givenNames.length]!,
      familyName: `${familyNames[(counter >> 4) % familyNames.length]} ${counter}`,
      email: `person${counter}@large.example`,
      preferredLanguage: 'fr',
      ...extra,
    };
    personRows.push(row);
    membershipRows.push({ personId: row.id, organisationId, role });
    return row;
  };

  organisationRows.forEach((organisation, index) => {
    if (index < 75) {
      addPerson(organisation.id, 'org_admin', index === 0 ? { email: benchmarkAdminEmail } : {});
      for (let coach = 0; coach < 3; coach += 1) addPerson(organisation.id, 'mobility_coach', index === 0 && coach === 0 ? { email: benchmarkCoachEmail } : {});
      for (let teacher = 0; teacher < 5; teacher += 1) addPerson(organisation.id, 'teacher');
      for (let learner = 0; learner < 400; learner += 1) {
        const isMinor = learner % 3 !== 0;
        const person = addPerson(organisation.id, 'learner', { birthDate: isMinor ? '2009-06-15' : '2004-03-10' });
        if (isMinor && learner % 3 === 1) {
          const guardian = addPerson(organisation.id, 'guardian');
          guardianRows.push({ guardianId: guardian.id, learnerId: person.id });
        }
      }
      for (let alumnus = 0; alumnus < 66; alumnus += 1) addPerson(organisation.id, 'alumni');
      for (let accompanying = 0; accompanying < 10; accompanying += 1) addPerson(organisation.id, 'accompanying_person');
    } else {
      for (let contact = 0; contact < 4; contact += 1) addPerson(organisation.id, 'host_contact', { preferredLanguage: 'en' });
      for (let tutor = 0; tutor < 100; tutor += 1) addPerson(organisation.id, 'host_tutor', { preferredLanguage: 'en' });
      for (let family = 0; family < 40; family += 1) addPerson(organisation.id, 'host_family', { preferredLanguage: 'en' });
    }
  });
  while (personRows.length < 50_000) addPerson(organisationRows[personRows.length % 75]!.id, 'learner', { birthDate: '2005-01-01' });

  await db.transaction(async (tx) => {
    await insertInChunks(personRows, (chunk) => tx.insert(people).values(chunk));
    log(`people: ${personRows.length}`);
    await insertInChunks(
      personRows.filter((_, index) => index % 2 === 0 || membershipRows[index]!.role !== 'learner'),
      (chunk) => tx.insert(accounts).values(chunk.map((person) => ({ personId: person.id, passwordHash }))),
    );
    await insertInChunks(membershipRows, (chunk) => tx.insert(memberships).values(chunk));
    await insertInChunks(guardianRows, (chunk) => tx.insert(guardianships).values(chunk));
    const [network] = await tx.insert(networks).values({ name: 'Large benchmark network' }).returning();
    await tx.insert(networkMembers).values(organisationRows.slice(0, 40).map((organisation) => ({ networkId: network!.id, organisationId: organisation.id })));
    await tx.insert(networkAnimators).values({ networkId: network!.id, personId: personRows[0]!.id });
    for (const [start, end] of [
      [40, 55],
      [55, 75],
    ] as const) {
      const [consortium] = await tx.insert(consortia).values({ name: `Consortium ${start}`, coordinatorId: organisationRows[start]!.id }).returning();
      await tx.insert(consortiumMembers).values(organisationRows.slice(start, end).map((organisation) => ({ consortiumId: consortium!.id, organisationId: organisation.id })));
    }
    await tx.update(people).set({ isPlatformAdmin: true }).where(eq(people.email, benchmarkAdminEmail));
    await seedLargeMobilities(tx, organisationRows, personRows, membershipRows);
    log('mobilities: 10000');
    await tx.insert(appSettings).values({ key: 'large_seeded', value: { people: personRows.length, at: new Date().toISOString() } });
  });
  // Fresh statistics, as a long-running database would have, so the planner picks the indexes.
  await db.execute(sql`analyze`);
  log(`large dataset: ${organisationRows.length} organisations, ${personRows.length} people, ${membershipRows.length} memberships in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
