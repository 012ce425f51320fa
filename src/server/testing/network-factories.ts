import type { Database } from '../db/client.js';
import { networkAnimators, networkMembers, networks } from '../db/schema/index.js';
import { buildOrganisation, buildPerson } from './factories.js';

/**
 * A network with an animator and member training centres, each with a mobility coach who applies
 * for it and a teacher who can review; plus an outside centre that is not a member.
 */
export async function buildNetworkWithMembers(db: Database, memberCount = 3) {
  const [network] = await db.insert(networks).values({ name: 'Réseau des référents mobilité' }).returning();
  const animator = await buildPerson(db, { givenName: 'Marc', familyName: 'Animateur' });
  await db.insert(networkAnimators).values({ networkId: network!.id, personId: animator.id });
  const members = [];
  for (let index = 0; index < memberCount; index += 1) {
    const organisation = await buildOrganisation(db, { legalName: `CFA membre ${index + 1}` });
    await db.insert(networkMembers).values({ networkId: network!.id, organisationId: organisation.id });
    const coach = await buildPerson(db, { givenName: `Coach${index + 1}`, roles: [[organisation.id, 'mobility_coach']] });
    const teacher = await buildPerson(db, { givenName: `Teacher${index + 1}`, roles: [[organisation.id, 'teacher']] });
    members.push({ organisation, coach, teacher });
  }
  const outsider = await buildOrganisation(db, { legalName: 'CFA hors réseau' });
  const outsiderCoach = await buildPerson(db, { givenName: 'Outsider', roles: [[outsider.id, 'mobility_coach']] });
  return { network: network!, animator, members, outsider, outsiderCoach };
}

/** The fields of the "open a call" form for a call like the demo one, closing at `deadline` (Paris time). */
export function callFormFields(networkId: string, deadline: string): Record<string, string | string[]> {
  return {
    networkId,
    title: 'Accompagnement pédagogique des mobilités longues',
    rulesMarkdown: '## Objet\n\nSoutenir l’accompagnement des **mobilités longues** (90 jours et plus).',
    eqfLevels: ['3', '4', '5'],
    minimumDurationDays: '90',
    budgetEuros: '10000',
    deadline,
    'field-0-label': 'Accompagnement prévu',
    'field-0-kind': 'long_text',
    'field-0-required': 'on',
    'field-1-label': 'Secteur',
    'field-1-kind': 'choice',
    'field-1-options': 'Transport; Bâtiment; Hôtellerie',
    'field-2-label': 'Budget détaillé',
    'field-2-kind': 'file',
    'criterion-0-label': 'Qualité de l’accompagnement',
    'criterion-0-weight': '3',
    'criterion-1-label': 'Nombre d’apprentis concernés',
    'criterion-1-weight': '1',
  };
}
