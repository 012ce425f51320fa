/**
 * Messages of the network capability, merged into the catalogues in ../<language>.ts.
 * English is the reference; French must have every key; keys in a public namespace (translate.ts)
 * must also exist in de, es, it and nl.
 */
export const networkMessages = {
  en: {},
  fr: {},
  de: {},
  es: {},
  it: {},
  nl: {},
} as const;
