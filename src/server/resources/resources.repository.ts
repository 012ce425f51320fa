import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  mobilities,
  mobilityItineraries,
  networkMembers,
  networks,
  organisations,
  resources,
  type ResourceLanguage,
} from '../db/schema/index.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { ResourceSearch } from './resources.schema.js';

/** The PostgreSQL text-search configuration of each resource language (the same as the generated column's). */
export const searchConfigurations = {
  fr: 'french',
  en: 'english',
  de: 'german',
  es: 'spanish',
  it: 'italian',
  nl: 'dutch',
} as const satisfies Record<ResourceLanguage, string>;

/**
 * Who reads what: public resources everyone; the others, the members of the publishing organisation,
 * the members and animators of the publishing network, any signed-in person for the platform's own
 * library, and — for what an organisation publishes for host organisations — the tutors, host families
 * and host contacts of its mobilities.
 */
export function visibleResources(viewer: Viewer | null): SQL | undefined {
  if (viewer?.isPlatformAdmin) return undefined;
  const conditions: SQL[] = [eq(resources.audience, 'public')];
  if (viewer) {
    conditions.push(and(isNull(resources.organisationId), isNull(resources.networkId))!);
    const memberOf = [...new Set(viewer.memberships.map((membership) => membership.organisationId))];
    if (memberOf.length) {
      conditions.push(inArray(resources.organisationId, memberOf));
      conditions.push(
        sql`${resources.networkId} in (select ${networkMembers.networkId} from ${networkMembers} where ${inArray(networkMembers.organisationId, memberOf)})`,
      );
    }
    if (viewer.animatedNetworks.length)
      conditions.push(
        inArray(
          resources.networkId,
          viewer.animatedNetworks.map((network) => network.id),
        ),
      );
    const hostOrganisations = organisationsWhere(viewer, ['host_contact']);
    const hostsThem = sql`(${mobilities.tutorId} = ${viewer.personId} or ${mobilities.hostFamilyId} = ${viewer.personId}${
      hostOrganisations.length
        ? sql` or exists (select 1 from ${mobilityItineraries} where ${mobilityItineraries.mobilityId} = ${mobilities.id} and ${inArray(mobilityItineraries.hostOrganisationId, hostOrganisations)})`
        : sql``
    })`;
    conditions.push(
      sql`(${resources.audience} = 'host_organisations' and exists (select 1 from ${mobilities} where ${mobilities.sendingOrganisationId} = ${resources.organisationId} and ${hostsThem}))`,
    );
  }
  return sql`(${sql.join(conditions, sql` or `)})`;
}

/** The query in every configuration asked for, or-ed: a search finds a resource in its own language's stemming. */
function textQuery(text: string, languages: readonly ResourceLanguage[]) {
  return sql.join(
    languages.map((language) => sql`websearch_to_tsquery(${searchConfigurations[language]}::regconfig, ${text})`),
    sql` || `,
  );
}

const allLanguages = Object.keys(searchConfigurations) as ResourceLanguage[];

export async function searchResources(db: Database, viewer: Viewer | null, filter: ResourceSearch, pageSize: number) {
  const conditions: SQL[] = [];
  const visibility = visibleResources(viewer);
  if (visibility) conditions.push(visibility);
  if (filter.audience) conditions.push(eq(resources.audience, filter.audience));
  if (filter.phase) conditions.push(eq(resources.phase, filter.phase));
  if (filter.topic) conditions.push(eq(resources.topic, filter.topic));
  if (filter.language) conditions.push(eq(resources.language, filter.language));
  if (filter.tag) conditions.push(sql`${filter.tag} = any(${resources.tags})`);
  const query = filter.q ? textQuery(filter.q, filter.language ? [filter.language] : allLanguages) : undefined;
  if (query) conditions.push(sql`${resources.search} @@ (${query})`);
  return db
    .select({
      id: resources.id,
      kind: resources.kind,
      title: resources.title,
      summary: resources.summary,
      language: resources.language,
      audience: resources.audience,
      phase: resources.phase,
      topic: resources.topic,
      tags: resources.tags,
      publisher: sql<string | null>`coalesce(${organisations.legalName}, ${networks.name}, ${resources.publisher})`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(resources)
    .leftJoin(organisations, eq(organisations.id, resources.organisationId))
    .leftJoin(networks, eq(networks.id, resources.networkId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...(query ? [desc(sql`ts_rank(${resources.search}, (${query}))`)] : []), asc(resources.title), asc(resources.id))
    .offset((filter.page - 1) * pageSize)
    .limit(pageSize);
}

export async function findVisibleResource(db: Database, viewer: Viewer | null, resourceId: string) {
  const visibility = visibleResources(viewer);
  const [row] = await db
    .select({ resource: resources, organisationName: organisations.legalName, networkName: networks.name })
    .from(resources)
    .leftJoin(organisations, eq(organisations.id, resources.organisationId))
    .leftJoin(networks, eq(networks.id, resources.networkId))
    .where(and(eq(resources.id, resourceId), ...(visibility ? [visibility] : [])));
  return row;
}

export async function insertResource(db: Database, values: typeof resources.$inferInsert) {
  const [row] = await db.insert(resources).values(values).returning({ id: resources.id });
  return row!;
}

/** Seeds one library entry: inserted once, updated only when its content file changed. */
export async function upsertSeededResource(db: Database, values: typeof resources.$inferInsert & { contentKey: string }) {
  const rows = await db
    .insert(resources)
    .values(values)
    .onConflictDoUpdate({
      target: resources.contentKey,
      set: {
        title: values.title,
        summary: values.summary,
        url: values.url,
        body: values.body,
        tags: values.tags,
        audience: values.audience,
        phase: values.phase,
        topic: values.topic,
        language: values.language,
        publisher: values.publisher,
        updatedAt: values.updatedAt,
      },
      setWhere: sql`(${resources.title}, ${resources.summary}, ${resources.url}, ${resources.tags}, ${resources.audience}, ${resources.phase}, ${resources.topic}, ${resources.language}, ${resources.publisher}) is distinct from (excluded.title, excluded.summary, excluded.url, excluded.tags, excluded.audience, excluded.phase, excluded.topic, excluded.language, excluded.publisher)`,
    })
    .returning({ id: resources.id });
  return rows[0]?.id;
}
