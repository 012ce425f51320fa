import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray, or, sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database } from '../client.js';
import {
  accompaniments,
  accounts,
  appSettings,
  grantProjects,
  keyActions,
  mobilities,
  mobilityItineraries,
  participantNeeds,
  projectFields,
  projectSendingOrganisations,
  mobilityStatuses,
  auditLog,
  consortia,
  consortiumMembers,
  guardianships,
  memberships,
  membershipRoles,
  networkAnimators,
  networkMembers,
  networks,
  organisationTypes,
  organisations,
  people,
} from '../schema/index.js';
import { hashPassword } from '../../accounts/passwords.js';
import { roles } from '../../accounts/roles.js';
import { contentDirectory } from '../../content.js';
import { distanceBand, greatCircleDistanceKm } from '../../mobilities/rules/geo.js';
import { activityTypes } from '../../mobilities/rules/types.js';

const worldSchema = z.object({
  password: z.string().min(10),
  organisations: z.array(
    z.object({
      key: z.string(),
      type: z.enum(organisationTypes),
      legalName: z.string(),
      city: z.string(),
      postcode: z.string().optional(),
      addressLine: z.string().optional(),
      country: z.string().length(2),
      latitude: z.number(),
      longitude: z.number(),
      oid: z.string().regex(/^E\d{8}$/).optional(),
      languages: z.array(z.string()),
    }),
  ),
  networks: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), members: z.array(z.string()) })),
  consortia: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), coordinator: z.string(), members: z.array(z.string()) })),
  people: z.array(
    z.object({
      key: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      email: z.string().email(),
      phone: z.string().optional(),
      birthDate: z.string().optional(),
      language: z.string(),
      platformAdmin: z.boolean().optional(),
      memberships: z.array(z.tuple([z.string(), z.enum(membershipRoles)])).optional(),
      guardianOf: z.array(z.string()).optional(),
      animates: z.array(z.string()).optional(),
      demoRole: z.enum(roles).optional(),
      magicLinkOnly: z.boolean().optional(),
    }),
  ),
  projects: z.array(
    z.object({
      key: z.string(),
      code: z.string(),
      title: z.string(),
      keyAction: z.enum(keyActions),
      field: z.enum(projectFields),
      beneficiary: z.string(),
      consortium: z.string().optional(),
      start: z.string(),
      end: z.string(),
      sending: z.array(z.string()),
      budget: z.record(z.string(), z.number()).optional(),
      planned: z.record(z.string(), z.number()).optional(),
    }),
  ),
  mobilities: z.array(
    z.object({
      participant: z.string(),
      project: z.string(),
      sending: z.string(),
      activity: z.enum(activityTypes),
      status: z.enum(mobilityStatuses),
      start: z.string(),
      end: z.string(),
      host: z.string(),
      tutor: z.string().optional(),
      hostFamily: z.string().optional(),
      accompanies: z.array(z.string()).optional(),
      eqf: z.number().optional(),
      qualification: z.string().optional(),
      isced: z.string().optional(),
      transport: z.string(),
      greenTravel: z.boolean(),
      travelDays: z.number(),
      language: z.string().optional(),
      cefr: z.string().optional(),
      fewerOpportunities: z.string().optional(),
      needs: z.object({ health: z.string().optional(), diet: z.string().optional(), shareDiet: z.boolean().optional() }).optional(),
    }),
  ),
});
export type DemoWorld = z.infer<typeof worldSchema>;

export function readDemoWorld(): DemoWorld {
  return worldSchema.parse(parse(readFileSync(path.join(contentDirectory, 'demo', 'world.yaml'), 'utf8')));
}

export type DemoLogin = { role: string; name: string; email: string; signIn: 'password' | 'magic link' };

export function demoLogins(world: DemoWorld = readDemoWorld()): DemoLogin[] {
  return world.people
    .filter((person) => person.demoRole)
    .map((person) => ({
      role: person.demoRole!,
      name: `${person.givenName} ${person.familyName}`,
      email: person.email,
      signIn: person.magicLinkOnly ? 'magic link' : 'password',
    }));
}

const seededKey = 'demo_seeded';

/**
 * Seeds the demo world once. The marker row is inserted in the same transaction as the data, so a
 * restart (or a second instance starting at the same time) never seeds twice.
 */
export async function seedDemo(db: Database, now: Date = new Date()): Promise<boolean> {
  const world = readDemoWorld();
  const passwordHash = await hashPassword(world.password);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(appSettings)
      .values({ key: seededKey, value: { at: now.toISOString() } })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return false;

    const organisationIds = new Map<string, string>();
    const insertedOrganisations = await tx
      .insert(organisations)
      .values(world.organisations.map(({ key: _key, ...organisation }) => ({ ...organisation, isDemo: true })))
      .returning({ id: organisations.id });
    world.organisations.forEach((organisation, index) => organisationIds.set(organisation.key, insertedOrganisations[index]!.id));
    const organisationId = (key: string) => {
      const id = organisationIds.get(key);
      if (!id) throw new Error(`demo world: unknown organisation ${key}`);
      return id;
    };

    const personIds = new Map<string, string>();
    const insertedPeople = await tx
      .insert(people)
      .values(
        world.people.map((person) => ({
          givenName: person.givenName,
          familyName: person.familyName,
          email: person.email,
          phone: person.phone ?? null,
          birthDate: person.birthDate ?? null,
          preferredLanguage: person.language,
          isPlatformAdmin: person.platformAdmin ?? false,
          isDemo: true,
        })),
      )
      .returning({ id: people.id });
    world.people.forEach((person, index) => personIds.set(person.key, insertedPeople[index]!.id));

    const withPassword = world.people.filter((person) => !person.magicLinkOnly);
    await tx.insert(accounts).values(withPassword.map((person) => ({ personId: personIds.get(person.key)!, passwordHash })));
    const membershipRows = world.people.flatMap((person) =>
      (person.memberships ?? []).map(([organisation, role]) => ({ personId: personIds.get(person.key)!, organisationId: organisationId(organisation), role })),
    );
    await tx.insert(memberships).values(membershipRows);
    const guardianRows = world.people.flatMap((person) =>
      (person.guardianOf ?? []).map((learner) => ({ guardianId: personIds.get(person.key)!, learnerId: personIds.get(learner)! })),
    );
    if (guardianRows.length) await tx.insert(guardianships).values(guardianRows);

    for (const network of world.networks) {
      const [created] = await tx.insert(networks).values({ name: network.name, description: network.description, isDemo: true }).returning();
      await tx.insert(networkMembers).values(network.members.map((member) => ({ networkId: created!.id, organisationId: organisationId(member) })));
      const animators = world.people.filter((person) => person.animates?.includes(network.key));
      if (animators.length) await tx.insert(networkAnimators).values(animators.map((person) => ({ networkId: created!.id, personId: personIds.get(person.key)! })));
    }
    const consortiumIds = new Map<string, string>();
    for (const consortium of world.consortia) {
      const [created] = await tx
        .insert(consortia)
        .values({ name: consortium.name, description: consortium.description, coordinatorId: organisationId(consortium.coordinator), isDemo: true })
        .returning();
      consortiumIds.set(consortium.key, created!.id);
      const memberIds = [consortium.coordinator, ...consortium.members].map(organisationId);
      await tx.insert(consortiumMembers).values(memberIds.map((id) => ({ consortiumId: created!.id, organisationId: id })));
    }
    await seedDemoMobilities(tx, world, { organisationId, personId: (key) => personIds.get(key)!, consortiumId: (key) => consortiumIds.get(key)! });
    await tx.insert(auditLog).values({ actorId: null, action: 'demo.seeded', entityType: 'installation', details: { organisations: world.organisations.length, people: world.people.length } });
    return true;
  });
}

type DemoKeys = { organisationId: (key: string) => string; personId: (key: string) => string; consortiumId: (key: string) => string };

async function seedDemoMobilities(tx: Database, world: DemoWorld, keys: DemoKeys) {
  const projectIds = new Map<string, string>();
  for (const project of world.projects) {
    const [created] = await tx
      .insert(grantProjects)
      .values({
        code: project.code,
        title: project.title,
        keyAction: project.keyAction,
        field: project.field,
        beneficiaryId: keys.organisationId(project.beneficiary),
        consortiumId: project.consortium ? keys.consortiumId(project.consortium) : null,
        startDate: project.start,
        endDate: project.end,
        budget: project.budget ?? {},
        plannedMobilities: project.planned ?? {},
        isDemo: true,
      })
      .returning();
    projectIds.set(project.key, created!.id);
    await tx.insert(projectSendingOrganisations).values(project.sending.map((key) => ({ projectId: created!.id, organisationId: keys.organisationId(key) })));
  }
  const organisationsByKey = new Map(world.organisations.map((organisation) => [organisation.key, organisation]));
  const mobilityIdsByParticipant = new Map<string, string>();
  for (const entry of world.mobilities) {
    const sending = organisationsByKey.get(entry.sending)!;
    const host = organisationsByKey.get(entry.host)!;
    const distanceKm = greatCircleDistanceKm(sending, host);
    const [created] = await tx
      .insert(mobilities)
      .values({
        projectId: projectIds.get(entry.project)!,
        participantId: keys.personId(entry.participant),
        sendingOrganisationId: keys.organisationId(entry.sending),
        activityType: entry.activity,
        status: entry.status,
        startDate: entry.start,
        endDate: entry.end,
        travelDays: entry.travelDays,
        mainTransport: entry.transport,
        isGreenTravel: entry.greenTravel,
        distanceKm: Math.round(distanceKm),
        distanceBand: distanceBand(distanceKm),
        eqfLevel: entry.eqf ?? null,
        qualificationTitle: entry.qualification ?? null,
        iscedField: entry.isced ?? null,
        placementLanguage: entry.language ?? null,
        cefrLevel: entry.cefr ?? null,
        hasFewerOpportunities: Boolean(entry.fewerOpportunities),
        fewerOpportunitiesJustification: entry.fewerOpportunities ?? null,
        tutorId: entry.tutor ? keys.personId(entry.tutor) : null,
        hostFamilyId: entry.hostFamily ? keys.personId(entry.hostFamily) : null,
        accommodationKind: entry.hostFamily ? 'host_family' : null,
        isDemo: true,
      })
      .returning();
    mobilityIdsByParticipant.set(entry.participant, created!.id);
    await tx.insert(mobilityItineraries).values({
      mobilityId: created!.id,
      hostOrganisationId: keys.organisationId(entry.host),
      city: host.city,
      country: host.country,
      latitude: host.latitude,
      longitude: host.longitude,
      startDate: entry.start,
      endDate: entry.end,
    });
    if (entry.needs) {
      await tx
        .insert(participantNeeds)
        .values({ personId: keys.personId(entry.participant), health: entry.needs.health ?? null, diet: entry.needs.diet ?? null, isDietSharedWithHostFamily: entry.needs.shareDiet ?? false })
        .onConflictDoNothing();
    }
  }
  for (const entry of world.mobilities.filter((mobility) => mobility.accompanies)) {
    await tx.insert(accompaniments).values(
      entry.accompanies!.map((learner) => ({ accompanyingMobilityId: mobilityIdsByParticipant.get(entry.participant)!, learnerMobilityId: mobilityIdsByParticipant.get(learner)! })),
    );
  }
}

/** Removes every demo record; the marker stays so the demo is not seeded again at the next start. */
export async function removeDemo(db: Database): Promise<{ people: number; organisations: number }> {
  return db.transaction(async (tx) => {
    const demoPeople = await tx.select({ id: people.id }).from(people).where(eq(people.isDemo, true));
    const demoOrganisations = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.isDemo, true));
    const personIds = demoPeople.map((row) => row.id);
    const organisationIds = demoOrganisations.map((row) => row.id);
    if (personIds.length || organisationIds.length) {
      await tx
        .delete(auditLog)
        .where(
          or(
            personIds.length ? inArray(auditLog.actorId, personIds) : sql`false`,
            organisationIds.length ? inArray(auditLog.organisationId, organisationIds) : sql`false`,
          ),
        );
    }
    await tx.delete(mobilities).where(eq(mobilities.isDemo, true));
    await tx.delete(grantProjects).where(eq(grantProjects.isDemo, true));
    await tx.delete(consortia).where(eq(consortia.isDemo, true));
    await tx.delete(networks).where(eq(networks.isDemo, true));
    await tx.delete(people).where(eq(people.isDemo, true));
    await tx.delete(organisations).where(eq(organisations.isDemo, true));
    await tx
      .insert(appSettings)
      .values({ key: seededKey, value: { removed: true } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { removed: true } } });
    return { people: personIds.length, organisations: organisationIds.length };
  });
}
