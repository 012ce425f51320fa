import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTranslator } from '../../shared/i18n/translate.js';
import { countryName, formatDate } from '../../shared/format.js';
import { kitSectionKeys, loadKitDocuments, type KitDocument } from './kit-content.js';
import { a4, renderKitPdf, type KitPdfLabels } from './kit-pdf.js';

type ExtractedPage = { width: number; height: number; text: string; outside: string[] };

/** Text of every page, and any piece of text drawn outside the page (which print would cut). */
async function extract(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: ExtractedPage[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const outside: string[] = [];
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , , , x, y] = item.transform as number[];
      if (x! < 0 || y! < 0 || x! + item.width > viewport.width + 0.5 || y! > viewport.height) outside.push(item.str);
      text += item.str + (item.hasEOL ? '\n' : ' ');
    }
    pages.push({ width: viewport.width, height: viewport.height, text, outside });
  }
  await pdf.destroy();
  return pages;
}

const squash = (text: string) => text.replace(/\s+/g, '');

function labelsFor(kit: KitDocument, language: 'fr' | 'en'): KitPdfLabels {
  const t = createTranslator(language);
  const city = kit.name[language];
  return {
    title: city,
    subtitle: t('kits.kit.subtitle', { region: kit.region[language], country: countryName(language, kit.countryCode) }),
    emergencyNumbers: t('kits.kit.emergencyNumbers'),
    sections: kitSectionKeys.map((key) => ({ key, title: t(`kits.section.${key}`) })),
    consulate: t('kits.kit.consulate'),
    keyPhrases: t('kits.kit.keyPhrases'),
    position: t('kits.kit.position'),
    sources: t('kits.kit.sources'),
    checked: (date) => t('kits.kit.sourceChecked', { date: formatDate(language, date) }),
    lastReviewed: t('kits.kit.lastReviewed', { date: formatDate(language, kit.lastReviewed) }),
    version: t('kits.kit.version', { version: 1 }),
    footer: (page, total) => t('kits.pdf.footer', { city, page, total }),
  };
}

describe('kit PDF', () => {
  const kits = loadKitDocuments();

  // The longest kits, the one of the e2e story, and the ones with letters outside Latin-1.
  const samples = [
    ['flensburg', 'fr'],
    ['valencia', 'en'],
    ['legnica', 'fr'],
    ['valletta', 'en'],
  ] as const;
  for (const [slug, language] of samples) {
    it(`prints the ${slug} kit on A4 in ${language}, with every fact, phone and phrase, nothing outside the page`, async () => {
      for (const kit of kits.filter((candidate) => candidate.slug === slug)) {
        const pages = await extract(await renderKitPdf(kit, language, labelsFor(kit, language)));
        assert.ok(pages.length >= 2 && pages.length <= 12, `${kit.slug}: ${pages.length} pages`);
        for (const page of pages) {
          assert.equal(Math.round(page.width), Math.round(a4.width));
          assert.equal(Math.round(page.height), Math.round(a4.height));
          assert.deepEqual(page.outside, [], kit.slug);
        }
        // A fact may run over a page break, where the footer sits between its two halves.
        const footer = (number: number) =>
          squash(createTranslator(language)('kits.pdf.footer', { city: kit.name[language], page: number, total: pages.length }));
        for (const [index, page] of pages.entries())
          assert.ok(squash(page.text).endsWith(footer(index + 1)), `${kit.slug} page ${index + 1} footer`);
        const all = pages.map((page, index) => squash(page.text).slice(0, -footer(index + 1).length)).join('');
        const expected = [
          ...Object.values(kit.sections)
            .flat()
            .map((fact) => fact[language]),
          ...kit.phones.map((phone) => phone.number),
          ...kit.keyPhrases.flatMap((phrase) => [phrase.local, phrase[language]]),
          kit.consulate.address,
        ];
        const missing = expected.filter((text) => !all.includes(squash(text)));
        assert.deepEqual(missing, [], kit.slug);
      }
    });
  }

  it('embeds a font that renders Polish, Czech, Maltese and Hungarian letters', async () => {
    const valletta = kits.find((kit) => kit.slug === 'valletta')!;
    const sample = {
      ...valletta,
      keyPhrases: [...valletta.keyPhrases, { topic: 'daily_life' as const, local: 'ő ș č ł', pronunciation: '-', fr: 'essai', en: 'test' }],
    };
    const sampled = squash((await extract(await renderKitPdf(sample, 'en', labelsFor(sample, 'en')))).map((page) => page.text).join(''));
    assert.ok(sampled.includes('őșčł'));
    assert.ok(sampled.includes('Għajnuna!'));
  });
});
