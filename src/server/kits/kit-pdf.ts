import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { KitDocument } from './kit-content.js';

const require = createRequire(import.meta.url);

/** Noto Sans (OFL) covers every Latin letter of the kits (ł, ő, ș, č, ħ, ġ …); the 14 standard PDF fonts do not. */
const fontFiles = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};
let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

/** The Noto Sans regular and bold files, read once; the agreement documents embed them too. */
export function notoSansBytes() {
  fontBytes ??= { regular: readFileSync(fontFiles.regular), bold: readFileSync(fontFiles.bold) };
  return fontBytes;
}

/** A4 in PDF points, with margins that every printer handles. */
export const a4 = { width: 595.28, height: 841.89, margin: 48 };

export type KitPdfLabels = {
  title: string;
  subtitle: string;
  emergencyNumbers: string;
  sections: { key: string; title: string }[];
  consulate: string;
  keyPhrases: string;
  position: string;
  sources: string;
  checked: (date: string) => string;
  lastReviewed: string;
  version: string;
  footer: (page: number, total: number) => string;
};

type Style = { font: PDFFont; size: number; color?: [number, number, number]; indent?: number; gapBefore?: number };

/** Writes lines top to bottom, starting a new page whenever the next line would not fit. */
export class PageWriter {
  page: PDFPage;
  y = 0;
  constructor(private readonly pdf: PDFDocument) {
    this.page = this.newPage();
  }

  private newPage() {
    this.page = this.pdf.addPage([a4.width, a4.height]);
    this.y = a4.height - a4.margin;
    return this.page;
  }

  /** Wraps at spaces; a word wider than the line (a long URL) is broken between characters. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (!fits(rest)) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line) lines.push(line);
    return lines;
  }

  write(text: string, style: Style) {
    const indent = style.indent ?? 0;
    const lineHeight = style.size * 1.35;
    const lines = this.wrap(text, style.font, style.size, a4.width - 2 * a4.margin - indent);
    this.y -= style.gapBefore ?? 0;
    for (const line of lines) {
      if (this.y - lineHeight < a4.margin) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, {
        x: a4.margin + indent,
        y: this.y + style.size * 0.3,
        size: style.size,
        font: style.font,
        color: rgb(...(style.color ?? [0.1, 0.1, 0.12])),
      });
    }
  }

  /** Keeps a heading with at least a few lines of what follows it. */
  keepWithNext(height: number) {
    if (this.y - height < a4.margin) this.newPage();
  }
}

/** The printable kit as a PDF with an embedded font: every fact, phone, phrase and source, on A4. */
export async function renderKitPdf(kit: KitDocument, contentLanguage: 'fr' | 'en', labels: KitPdfLabels): Promise<Uint8Array> {
  const fonts = notoSansBytes();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(labels.title);
  pdf.setLanguage(contentLanguage);
  pdf.setCreator('Passerelle');
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  const writer = new PageWriter(pdf);
  const heading = (text: string) => {
    writer.keepWithNext(60);
    writer.write(text, { font: bold, size: 13, gapBefore: 12, color: [0.05, 0.2, 0.45] });
  };
  const body = (text: string, indent = 0) => writer.write(text, { font: regular, size: 10, indent, gapBefore: 2 });

  writer.write(labels.title, { font: bold, size: 20 });
  writer.write(labels.subtitle, { font: regular, size: 11, gapBefore: 2 });

  heading(labels.emergencyNumbers);
  for (const phone of kit.phones) {
    const label = phone.label[contentLanguage];
    writer.write(`${phone.number} — ${label}`, { font: bold, size: 10.5, gapBefore: 2 });
  }

  for (const section of labels.sections) {
    heading(section.title);
    for (const fact of kit.sections[section.key as keyof KitDocument['sections']]) body(`• ${fact[contentLanguage]}`, 0);
    if (section.key === 'emergency') {
      writer.write(labels.consulate, { font: bold, size: 10.5, gapBefore: 6 });
      body(kit.consulate.name[contentLanguage]);
      body([kit.consulate.address, kit.consulate.phone, kit.consulate.website].filter(Boolean).join(' · '));
    }
  }

  heading(labels.keyPhrases);
  for (const phrase of kit.keyPhrases) {
    writer.keepWithNext(30);
    writer.write(`${phrase.local}  [${phrase.pronunciation}]`, { font: bold, size: 10, gapBefore: 4 });
    body(phrase[contentLanguage], 12);
  }

  heading(labels.position);
  body(`${kit.latitude.toFixed(4)}, ${kit.longitude.toFixed(4)} (GeoNames ${kit.geonamesId})`);

  heading(labels.sources);
  for (const source of kit.sources) {
    body(`${source.title} — ${source.publisher}. ${source.url} (${labels.checked(source.checked)})`);
  }
  writer.write(`${labels.lastReviewed} · ${labels.version}`, { font: bold, size: 10, gapBefore: 10 });

  const pages = pdf.getPages();
  pages.forEach((page, index) => {
    page.drawText(labels.footer(index + 1, pages.length), {
      x: a4.margin,
      y: a4.margin / 2,
      size: 8,
      font: regular,
      color: rgb(0.35, 0.35, 0.4),
    });
  });
  return pdf.save();
}
