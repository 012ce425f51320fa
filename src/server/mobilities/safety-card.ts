import type { Database } from '../db/client.js';
import type { Translate } from '../../shared/i18n/translate.js';
import type { Actor } from '../http/context.js';
import { contactsWithRole } from '../dashboard/dashboard.repository.js';
import { kitsOfCountries } from '../kits/kits.repository.js';
import { emergencyPhoneKinds } from '../kits/kit-content.js';
import { courseCompletedAt } from '../learning/learning.repository.js';
import { upcomingMobilities } from './mobilities.repository.js';
import { mobilityFor } from './mobilities.service.js';

const helplineKinds = ['missing_children', 'child_helpline', 'emotional_support', 'poison_centre', 'consular_crisis'];
const normalise = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The slug of the pre-departure safety course (content/courses/safety) the card reports on. */
export const safetyCourseSlug = 'safety';

/** A number on the card with the region it is dialled in (for `tel:` links and format checks). */
export type CardPhone = { number: string; region: string; label: string };
export type CardPerson = {
  name: string;
  role: string | null;
  roleKey: 'coach' | 'tutor' | null;
  side?: 'sending' | 'host';
  phone: CardPhone | null;
  email: string | null;
};

/**
 * Everything the personal safety card shows, for the HTML page and the PDF alike: the learner's next
 * mobility, its emergency contacts, the city kit's numbers, and whether the safety course is done.
 */
export async function loadSafetyCard(db: Database, actor: Actor, contentLanguage: 'fr' | 'en') {
  const { viewer, now } = actor;
  const today = now.toISOString().slice(0, 10);
  const own = (
    await upcomingMobilities(db, viewer, today, new Date(now.getTime() + 400 * 86_400_000).toISOString().slice(0, 10), 5)
  ).filter((row) => `${row.givenName} ${row.familyName}` === `${viewer.givenName} ${viewer.familyName}`);
  const first = own[0];
  const view = first ? await mobilityFor(db, actor, first.id) : undefined;
  const itinerary = view?.itineraries[0]?.itinerary;
  const kits = itinerary ? await kitsOfCountries(db, [itinerary.country]) : [];
  const kit = itinerary
    ? (kits.find((row) =>
        [row.content.name.local, row.content.name.en, row.content.name.fr].map(normalise).includes(normalise(itinerary.city)),
      ) ?? kits[0])
    : undefined;
  const coaches = view ? await contactsWithRole(db, [view.mobility.sendingOrganisationId], 'mobility_coach') : [];
  const hostRegion = itinerary?.country ?? 'FR';
  const kitPhone = (phone: { number: string; label: { fr: string; en: string } }): CardPhone => ({
    number: phone.number,
    region: kit!.countryCode,
    label: phone.label[contentLanguage],
  });
  const people: CardPerson[] = view
    ? [
        ...coaches.map((coach) => ({
          name: `${coach.givenName} ${coach.familyName}`,
          role: null,
          roleKey: 'coach' as const,
          phone: coach.phone ? { number: coach.phone, region: 'FR', label: '' } : null,
          email: coach.email,
        })),
        ...(view.tutor
          ? [
              {
                name: `${view.tutor.givenName} ${view.tutor.familyName}`,
                role: null,
                roleKey: 'tutor' as const,
                phone: view.tutor.phone ? { number: view.tutor.phone, region: hostRegion, label: '' } : null,
                email: null,
              },
            ]
          : []),
        ...view.contacts.map((contact) => ({
          name: contact.name,
          role: contact.relationship ?? null,
          roleKey: null,
          side: contact.side,
          phone: { number: contact.phone, region: contact.side === 'host' ? hostRegion : 'FR', label: '' },
          email: null,
        })),
      ]
    : [];
  return {
    holder: `${viewer.givenName} ${viewer.familyName}`,
    mobility:
      view && itinerary
        ? { city: itinerary.city, country: itinerary.country, startDate: view.mobility.startDate, endDate: view.mobility.endDate }
        : undefined,
    hasMobility: Boolean(view),
    emergencyRegion: hostRegion,
    emergency:
      kit?.content.phones
        .filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind) && phone.number !== '112')
        .map(kitPhone) ?? [],
    people,
    helplines: kit?.content.phones.filter((phone) => helplineKinds.includes(phone.kind)).map(kitPhone) ?? [],
    consulate: kit?.content.consulate
      ? {
          name: kit.content.consulate.name[contentLanguage],
          address: kit.content.consulate.address,
          phone: kit.content.consulate.phone ? { number: kit.content.consulate.phone, region: kit.countryCode, label: '' } : null,
        }
      : undefined,
    kit: kit ? { slug: kit.slug, name: kit.content.name[contentLanguage] } : undefined,
    safetyCourseCompletedAt: await courseCompletedAt(db, safetyCourseSlug, viewer.personId),
  };
}

export type SafetyCard = Awaited<ReturnType<typeof loadSafetyCard>>;

/** How the card names a contact's role: coach, tutor, or the relationship given with the contact. */
export function personRole(t: Translate, person: CardPerson): string {
  if (person.roleKey) return t(person.roleKey === 'coach' ? 'safetyCard.coach' : 'safetyCard.tutor');
  return person.role ?? t(`mobilities.side.${person.side ?? 'sending'}`);
}
