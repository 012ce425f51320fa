import type { Language } from './languages.js';
import { en, type MessageKey } from './messages/en.js';
import { fr } from './messages/fr.js';
import { de } from './messages/de.js';
import { es } from './messages/es.js';
import { it } from './messages/it.js';
import { nl } from './messages/nl.js';

export type { MessageKey };
export type MessageParameters = Record<string, string | number>;
export type Translate = (key: MessageKey, parameters?: MessageParameters) => string;

export const catalogues: Record<Language, Partial<Record<MessageKey, string>>> = { fr, en, de, es, it, nl };

/**
 * Namespaces a learner, guardian, host contact, tutor or host family can see: these must exist in all
 * six languages (a test checks it). Other keys are staff-facing and exist in French and English.
 */
export const publicNamespaces = ['common', 'layout', 'auth', 'account', 'dashboard', 'error', 'language', 'mail', 'invitation', 'landing', 'role', 'mobilities', 'offers', 'status', 'activity', 'transport', 'hosts', 'safetyCard', 'learning', 'kits', 'map', 'checkins', 'incidents', 'resources', 'signing', 'timeline'] as const;

export function isPublicKey(key: string): boolean {
  return publicNamespaces.some((namespace) => key.startsWith(namespace + '.'));
}

function interpolate(message: string, parameters: MessageParameters | undefined): string {
  if (!parameters) return message;
  return message.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in parameters ? String(parameters[name]) : match,
  );
}

export function createTranslator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, parameters) => interpolate(catalogue[key] ?? en[key], parameters);
}

/** Plural-aware lookup: uses `<key>.one` / `<key>.other` chosen by Intl.PluralRules. */
const pluralRules = new Map<Language, Intl.PluralRules>();

export function pluralKey(language: Language, base: string, count: number): MessageKey {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  const category = rules.select(count) === 'one' ? 'one' : 'other';
  return `${base}.${category}` as MessageKey;
}
