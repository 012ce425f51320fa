import { emergencyPhoneKinds, loadKitContent, type CountryKit } from '../kits/kit-content.js';
import { telephoneHref } from '../kits/phone-numbers.js';

export type EmergencyNumber = { number: string; href: string; label: { fr: string; en: string } | null };

let countries: CountryKit[] | undefined;

/**
 * What to dial in an emergency in the host country, from the country files of content/kits (checked
 * and sourced there): 112 first, then the national numbers. Without a country file, 112 alone, which
 * works free of charge everywhere in the EU.
 */
export function emergencyNumbersOf(countryCode: string | null): EmergencyNumber[] {
  countries ??= loadKitContent().countries;
  const country = countries.find((candidate) => candidate.code === countryCode);
  const region = country?.code ?? 'FR';
  const phones = (country?.phones ?? []).filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind));
  const general = phones.find((phone) => phone.number === '112');
  return [
    { number: '112', href: telephoneHref('112', region), label: general?.label ?? null },
    ...phones
      .filter((phone) => phone.number !== '112')
      .map((phone) => ({ number: phone.number, href: telephoneHref(phone.number, region), label: phone.label })),
  ];
}
