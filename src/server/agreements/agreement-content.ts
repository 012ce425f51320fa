import { createHash } from 'node:crypto';

/** Catalogue text exists in French and English (content/README.md "Qualifications"). */
export type BilingualText = { fr: string; en: string };

export type AgreementPerson = { name: string; email: string | null; phone: string | null };
export type AgreementOrganisation = { name: string; city: string; country: string; oid: string | null };
export type AgreementOutcome = {
  /** The catalogue key, or `free-<n>` for an outcome written in the agreement. */
  key: string;
  unitCode: string | null;
  kind: 'knowledge' | 'skills' | 'autonomy' | 'free';
  text: BilingualText;
  criteria: BilingualText[];
};
export type EmergencyContact = { side: 'sending' | 'host'; name: string; phone: string; relationship: string | null };
export const recognitionKinds = ['credits', 'exemption', 'learner_record'] as const;
export type RecognitionKind = (typeof recognitionKinds)[number];

/**
 * Everything a VET learning agreement lists (FACTS.md "Agreements and credentials"), frozen in each
 * version so what was signed can always be shown again exactly.
 */
export type AgreementContent = {
  learner: AgreementPerson & { birthDate: string | null; isMinor: boolean };
  sendingOrganisation: AgreementOrganisation;
  hostOrganisation: AgreementOrganisation;
  tutor: AgreementPerson | null;
  mentor: AgreementPerson | null;
  startDate: string;
  endDate: string;
  hoursPerWeek: number;
  tasks: string;
  qualification: { slug: string; title: BilingualText; eqfLevel: number; nationalCode: string | null } | null;
  outcomes: AgreementOutcome[];
  assessment: string;
  recording: string;
  recognition: RecognitionKind[];
  recognitionDetails: string;
  language: string;
  cefrLevel: string;
  insurance: string;
  inKindSupport: string;
  administrativeContactSending: AgreementPerson | null;
  administrativeContactHost: AgreementPerson | null;
  emergencyContacts: EmergencyContact[];
  guardians: AgreementPerson[];
  accompanyingPersons: AgreementPerson[];
};

/** JSON with object keys sorted at every level, so equal content always gives equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 a signer signs: the canonical JSON of the agreement, its id and its version number. */
export function agreementVersionHash(agreementId: string, version: number, content: AgreementContent): string {
  return createHash('sha256').update(canonicalJson({ agreementId, version, content })).digest('hex');
}

/** Catalogue text in the reader's language: French for French readers, English for everyone else. */
export const catalogueText = (text: BilingualText, language: string) => (language === 'fr' ? text.fr : text.en);
