import type { AgreementContent } from './agreement-content.js';

/**
 * ISO 3166-1 alpha-3 codes of the Erasmus+ programme countries (EU 27, Iceland, Liechtenstein, Norway,
 * North Macedonia, Serbia, Türkiye): the EU country authority table names countries by alpha-3
 * (http://publications.europa.eu/resource/authority/country/FRA).
 */
const alpha3 = {
  AT: 'AUT',
  BE: 'BEL',
  BG: 'BGR',
  HR: 'HRV',
  CY: 'CYP',
  CZ: 'CZE',
  DK: 'DNK',
  EE: 'EST',
  FI: 'FIN',
  FR: 'FRA',
  DE: 'DEU',
  GR: 'GRC',
  HU: 'HUN',
  IE: 'IRL',
  IT: 'ITA',
  LV: 'LVA',
  LT: 'LTU',
  LU: 'LUX',
  MT: 'MLT',
  NL: 'NLD',
  PL: 'POL',
  PT: 'PRT',
  RO: 'ROU',
  SK: 'SVK',
  SI: 'SVN',
  ES: 'ESP',
  SE: 'SWE',
  IS: 'ISL',
  LI: 'LIE',
  NO: 'NOR',
  MK: 'MKD',
  RS: 'SRB',
  TR: 'TUR',
} as const satisfies Record<string, string>;

const countryConcept = (code: string) => {
  const three = alpha3[code as keyof typeof alpha3];
  if (!three) return null;
  return { id: `http://publications.europa.eu/resource/authority/country/${three}`, type: 'Concept', notation: three.toLowerCase() };
};

const location = (code: string) => {
  const concept = countryConcept(code);
  return concept ? [{ type: 'Location', address: [{ type: 'Address', countryCode: concept }] }] : [];
};

const days = (start: string, end: string) =>
  Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;

/** Hours at work over the stay: hours per week × weeks, rounded (ISO 8601 duration, as `PT60H` in ELM). */
export function workloadOf(content: Pick<AgreementContent, 'startDate' | 'endDate' | 'hoursPerWeek'>): string {
  return `PT${Math.round((days(content.startDate, content.endDate) / 7) * content.hoursPerWeek)}H`;
}

export type CredentialRequest = { content: AgreementContent; mobilityId: string; versionHash: string; issuedAt: Date };

/**
 * The mobility as a European Learning Model v3 credential (JSON-LD, FACTS.md): the learner holds a
 * claim to a LearningActivity — the placement — with its period, place, workload, awarding body and
 * the agreed target outcomes. Unsigned here: sealing adds a `proof` with the issuer's qualified seal
 * without changing this body.
 */
export function learningActivityCredential({ content, mobilityId, versionHash, issuedAt }: CredentialRequest) {
  const issued = issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sending = {
    id: `urn:passerelle:organisation:${content.sendingOrganisation.oid ?? content.sendingOrganisation.name}`,
    type: 'Organisation',
    legalName: { en: content.sendingOrganisation.name },
    location: location(content.sendingOrganisation.country),
  };
  const host = {
    id: `urn:passerelle:organisation:${content.hostOrganisation.oid ?? content.hostOrganisation.name}`,
    type: 'Organisation',
    legalName: { en: content.hostOrganisation.name },
    location: location(content.hostOrganisation.country),
  };
  const title = content.qualification
    ? {
        en: `Work placement — ${content.qualification.title.en}`,
        fr: `Période de formation en entreprise — ${content.qualification.title.fr}`,
      }
    : { en: 'Work placement abroad', fr: 'Période de formation en entreprise à l’étranger' };
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'],
    id: `urn:passerelle:credential:mobility:${mobilityId}:${versionHash.slice(0, 16)}`,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    issuer: sending,
    issuanceDate: issued,
    issued,
    validFrom: issued,
    credentialSubject: {
      id: `urn:passerelle:person:mobility:${mobilityId}`,
      type: 'Person',
      fullName: { en: content.learner.name },
      hasClaim: [
        {
          id: `urn:passerelle:learning-activity:${mobilityId}`,
          type: 'LearningActivity',
          title,
          awardedBy: { id: `urn:passerelle:awarding-process:${mobilityId}`, type: 'AwardingProcess', awardingBody: [sending] },
          location: location(content.hostOrganisation.country),
          temporal: { type: 'PeriodOfTime', startDate: `${content.startDate}T00:00:00Z`, endDate: `${content.endDate}T00:00:00Z` },
          workload: workloadOf(content),
          directedBy: [host],
          specifiedBy: {
            id: `urn:passerelle:learning-activity-specification:${mobilityId}`,
            type: 'LearningActivitySpecification',
            title,
            learningOutcome: content.outcomes.map((outcome) => ({
              id: `urn:passerelle:learning-outcome:${mobilityId}:${outcome.key}`,
              type: 'LearningOutcome',
              title: { en: outcome.text.en, fr: outcome.text.fr },
            })),
          },
        },
      ],
    },
    // The version of the learning agreement this credential is built from (see /verify for documents).
    evidence: [
      {
        id: `urn:passerelle:agreement-version:${versionHash}`,
        type: 'Evidence',
        name: { en: 'Signed learning agreement (SHA-256 of the version)' },
      },
    ],
  };
}
