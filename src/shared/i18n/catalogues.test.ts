import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './messages/en.js';
import { catalogues, isPublicKey } from './translate.js';
import { languageFromAcceptHeader, languages } from './languages.js';

const placeholders = (message: string) => (message.match(/\{\w+\}/g) ?? []).sort().join(',');

describe('message catalogues', () => {
  it('has every key in French, with the same placeholders', () => {
    const missing = Object.keys(en).filter((key) => !(key in catalogues.fr));
    assert.deepEqual(missing, []);
    for (const [key, message] of Object.entries(en)) {
      assert.equal(placeholders(catalogues.fr[key as keyof typeof en]!), placeholders(message), key);
    }
  });

  for (const language of ['de', 'es', 'it', 'nl'] as const) {
    it(`has every learner-, guardian- and host-facing key in ${language}`, () => {
      const catalogue = catalogues[language];
      const missing = Object.keys(en).filter((key) => isPublicKey(key) && !catalogue[key as keyof typeof en]);
      assert.deepEqual(missing, []);
      for (const [key, message] of Object.entries(catalogue)) {
        assert.equal(placeholders(message), placeholders(en[key as keyof typeof en]), `${language} ${key}`);
      }
    });
  }

  it('picks the language from Accept-Language with q-values', () => {
    assert.equal(languageFromAcceptHeader('de-DE,de;q=0.9,en;q=0.8'), 'de');
    assert.equal(languageFromAcceptHeader('pt-BR, es;q=0.5, en;q=0.7'), 'en');
    assert.equal(languageFromAcceptHeader('ja'), undefined);
    assert.equal(languages.length, 6);
  });
});
