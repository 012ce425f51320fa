import type { Language } from './i18n/languages.js';

const localeOf = (language: Language) =>
  ({ fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' })[language];

/**
 * Building an Intl formatter costs far more than using one (it loads locale data), and pages format
 * dozens of dates: one formatter per language and style, made on first use and kept.
 */
function cachedPerLanguage<T>(build: (locale: string) => T): (language: Language) => T {
  const cache = new Map<Language, T>();
  return (language) => {
    let formatter = cache.get(language);
    if (!formatter) {
      formatter = build(localeOf(language));
      cache.set(language, formatter);
    }
    return formatter;
  };
}

const dateFormatter = cachedPerLanguage((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }));
const dateTimeFormatter = cachedPerLanguage(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }),
);
const numberFormatter = cachedPerLanguage((locale) => new Intl.NumberFormat(locale));
const euroFormatter = cachedPerLanguage((locale) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }));
const regionNames = cachedPerLanguage((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
const languageNames = cachedPerLanguage((locale) => new Intl.DisplayNames([locale], { type: 'language' }));

export function formatDate(language: Language, value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return dateFormatter(language).format(date);
}

export function formatDateTime(language: Language, value: Date): string {
  return dateTimeFormatter(language).format(value);
}

export function formatNumber(language: Language, value: number): string {
  return numberFormatter(language).format(value);
}

export function formatEuros(language: Language, cents: number): string {
  return euroFormatter(language).format(cents / 100);
}

export function countryName(language: Language, code: string): string {
  try {
    return regionNames(language).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language's name in the reader's language ("allemand" for `de` in French). */
export function languageName(language: Language, code: string): string {
  try {
    return languageNames(language).of(code) ?? code;
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
