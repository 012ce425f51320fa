import type { Language } from './i18n/languages.js';

const localeOf = (language: Language) =>
  ({ fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' })[language];

export function formatDate(language: Language, value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(language: Language, value: Date): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(value);
}

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

export function countryName(language: Language, code: string): string {
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Age in whole years on a given day (used for minor status at the departure date). */
export function ageOn(birthDate: string, day: Date): number {
  const [year, month, date] = birthDate.split('-').map(Number) as [number, number, number];
  let age = day.getUTCFullYear() - year;
  const beforeBirthday =
    day.getUTCMonth() + 1 < month || (day.getUTCMonth() + 1 === month && day.getUTCDate() < date);
  if (beforeBirthday) age -= 1;
  return age;
}

export function isMinorOn(birthDate: string | null | undefined, day: Date): boolean {
  return Boolean(birthDate) && ageOn(birthDate!, day) < 18;
}
