import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { memberships, networkAnimators, networks, organisations, people, sessions } from '../db/schema/index.js';
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

type ViewerRow = {
  personId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  preferredLanguage: string;
  isPlatformAdmin: boolean;
  memberships: ViewerMembership[] | string;
  animatedNetworks: { id: string; name: string }[] | string;
  sessionId: string;
  lastSeenAt: Date | string;
  expiresAt: Date | string;
};

const parsedJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The session and everything authorisation needs about its person, in one round trip: this runs on
 * every signed-in request, so it matters more than any page's own queries.
 */
export async function loadSessionViewer(db: Database, sessionId: string) {
  const result = await db.execute(sql`
    select ${people.id} as "personId", ${people.givenName} as "givenName", ${people.familyName} as "familyName",
      ${people.email} as "email", ${people.preferredLanguage} as "preferredLanguage", ${people.isPlatformAdmin} as "isPlatformAdmin",
      ${sessions.id} as "sessionId", ${sessions.lastSeenAt} as "lastSeenAt", ${sessions.expiresAt} as "expiresAt",
      coalesce((select json_agg(json_build_object('organisationId', m.organisation_id, 'organisationName', o.legal_name,
          'organisationType', o.type, 'role', m.role) order by o.legal_name, m.role)
        from ${memberships} m join ${organisations} o on o.id = m.organisation_id where m.person_id = ${people.id}), '[]') as "memberships",
      coalesce((select json_agg(json_build_object('id', n.id, 'name', n.name) order by n.name)
        from ${networkAnimators} a join ${networks} n on n.id = a.network_id where a.person_id = ${people.id}), '[]') as "animatedNetworks"
    from ${sessions} join ${people} on ${people.id} = ${sessions.personId}
    where ${sessions.id} = ${sessionId} and ${people.deactivatedAt} is null`);
  const row = (result as unknown as { rows: ViewerRow[] }).rows[0];
  if (!row) return null;
  const membershipRows = parsedJson(row.memberships);
  const animated = parsedJson(row.animatedNetworks);
  const roles = new Set<Role>(membershipRows.map((membership) => membership.role));
  if (row.isPlatformAdmin) roles.add('platform_admin');
  if (animated.length > 0) roles.add('network_animator');
  const viewer: Viewer = {
    personId: row.personId,
    givenName: row.givenName,
    familyName: row.familyName,
    email: row.email,
    preferredLanguage: row.preferredLanguage,
    isPlatformAdmin: row.isPlatformAdmin,
    memberships: membershipRows,
    animatedNetworks: animated,
    roles,
  };
  return { viewer, lastSeenAt: new Date(row.lastSeenAt), expiresAt: new Date(row.expiresAt) };
}
