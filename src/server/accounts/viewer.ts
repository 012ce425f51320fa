import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { memberships, networkAnimators, networks, organisations, people } from '../db/schema/index.js';
import type { MembershipRole, Role } from './roles.js';

export type ViewerMembership = {
  organisationId: string;
  organisationName: string;
  organisationType: string;
  role: MembershipRole;
};

/** The signed-in person with everything authorisation needs, loaded once per request. */
export type Viewer = {
  personId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  preferredLanguage: string;
  isPlatformAdmin: boolean;
  memberships: ViewerMembership[];
  animatedNetworks: { id: string; name: string }[];
  roles: Set<Role>;
};

export async function loadViewer(db: Database, personId: string): Promise<Viewer | null> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person || person.deactivatedAt) return null;
  const [membershipRows, animatorRows] = await Promise.all([
    db
      .select({
        organisationId: memberships.organisationId,
        organisationName: organisations.legalName,
        organisationType: organisations.type,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.personId, personId))
      .orderBy(organisations.legalName),
    db
      .select({ id: networks.id, name: networks.name })
      .from(networkAnimators)
      .innerJoin(networks, eq(networks.id, networkAnimators.networkId))
      .where(eq(networkAnimators.personId, personId)),
  ]);
  const roles = new Set<Role>(membershipRows.map((row) => row.role));
  if (person.isPlatformAdmin) roles.add('platform_admin');
  if (animatorRows.length > 0) roles.add('network_animator');
  return {
    personId: person.id,
    givenName: person.givenName,
    familyName: person.familyName,
    email: person.email,
    preferredLanguage: person.preferredLanguage,
    isPlatformAdmin: person.isPlatformAdmin,
    memberships: membershipRows,
    animatedNetworks: animatorRows,
    roles,
  };
}

export function hasRoleIn(viewer: Viewer, organisationId: string, allowed: readonly MembershipRole[]): boolean {
  return viewer.memberships.some(
    (membership) => membership.organisationId === organisationId && allowed.includes(membership.role),
  );
}

export function organisationsWhere(viewer: Viewer, allowed: readonly MembershipRole[]): string[] {
  return [
    ...new Set(
      viewer.memberships.filter((membership) => allowed.includes(membership.role)).map((m) => m.organisationId),
    ),
  ];
}
