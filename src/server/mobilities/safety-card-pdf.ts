import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import type { Language } from '../../shared/i18n/languages.js';
import type { Translate } from '../../shared/i18n/translate.js';
import { countryName, formatDate } from '../../shared/format.js';
import { notoSansBytes } from '../kits/kit-pdf.js';
import { personRole, type SafetyCard } from './safety-card.js';

/** A6 portrait (105 × 148 mm) in PDF points: the size of a phone, or a quarter of an A4 sheet. */
export const a6 = { width: 297.64, height: 419.53, margin: 16 };

/** One entry of the card: a heading, or a line whose bold part (a number, a name) comes first. */
type Entry = { kind: 'title' | 'heading' | 'line' | 'note'; bold?: string; text: string };

export type SafetyCardPdfLabels = {
  language: Language;
  title: string;
  mobility: string | null;
  course: string;
  emergency: string;
  european112: string;
  people: string;
  helplines: string;
  noMobility: string;
  footer: string;
};

export function safetyCardPdfLabels(t: Translate, language: Language, card: SafetyCard, today: Date): SafetyCardPdfLabels {
  const dates =
    card.mobility?.startDate && card.mobility.endDate
      ? ` · ${formatDate(language, card.mobility.startDate)} – ${formatDate(language, card.mobility.endDate)}`
      : '';
  return {
    language,
    title: t('safetyCard.title'),
    mobility: card.mobility ? `${card.mobility.city}, ${countryName(language, card.mobility.country)}${dates}` : null,
    course: card.safetyCourseCompletedAt
      ? `✓ ${t('learning.safetyCard.courseDone', { date: formatDate(language, card.safetyCourseCompletedAt) })}`
      : t('learning.safetyCard.courseToDo'),
    emergency: t('safetyCard.emergency'),
    european112: t('safetyCard.112'),
    people: t('safetyCard.people'),
    helplines: t('safetyCard.helplines'),
    noMobility: t('safetyCard.noMobility'),
    footer: t('learning.safetyCard.pdfFooter', { date: formatDate(language, today) }),
  };
}

function entriesOf(card: SafetyCard, labels: SafetyCardPdfLabels, t: Translate): Entry[] {
  const line = (bold: string, text: string): Entry => ({ kind: 'line', bold, text: text ? ` — ${text}` : '' });
  return [
    { kind: 'title', text: labels.title },
    { kind: 'line', bold: card.holder, text: labels.mobility ? ` — ${labels.mobility}` : '' },
    { kind: 'note', text: labels.course },
    ...(card.hasMobility ? [] : [{ kind: 'note' as const, text: labels.noMobility }]),
    { kind: 'heading', text: labels.emergency },
    line('112', labels.european112),
    ...card.emergency.map((phone) => line(phone.number, phone.label)),
    ...(card.people.length ? [{ kind: 'heading' as const, text: labels.people }] : []),
    ...card.people.map((person) =>
      line(person.name, [personRole(t, person), person.phone?.number, person.email].filter(Boolean).join(' · ')),
    ),
    ...(card.helplines.length || card.consulate ? [{ kind: 'heading' as const, text: labels.helplines }] : []),
    ...card.helplines.map((phone) => line(phone.number, phone.label)),
    ...(card.consulate
      ? [line(card.consulate.name, [card.consulate.address, card.consulate.phone?.number].filter(Boolean).join(' · '))]
      : []),
  ];
}

/** Splits text at spaces into lines no wider than `width`; the first line may be shorter. */
function wrap(text: string, font: PDFFont, size: number, firstWidth: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > (lines.length ? width : firstWidth)) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  lines.push(current);
  return lines;
}

type Fonts = { regular: PDFFont; bold: PDFFont };
type Row = { size: number; gapBefore: number; runs: { x: number; text: string; font: PDFFont }[] };

const sizeOf = { title: 1.5, heading: 1.1, line: 1, note: 0.9 } as const;

/** Lays the entries out in rows at a base font size; returns the rows and the height they need. */
function layout(entries: Entry[], fonts: Fonts, base: number) {
  const width = a6.width - 2 * a6.margin;
  const rows: Row[] = entries.flatMap((entry) => {
    const size = base * sizeOf[entry.kind];
    const font = entry.kind === 'title' || entry.kind === 'heading' ? fonts.bold : fonts.regular;
    const gapBefore = entry.kind === 'heading' ? base * 0.8 : entry.kind === 'title' ? 0 : base * 0.2;
    const row = (x: number, text: string, rowFont: PDFFont, gap = 0): Row => ({ size, gapBefore: gap, runs: [{ x, text, font: rowFont }] });
    // A long bold part (a consulate's name) gets rows of its own; a short one (a number) leads the line.
    const boldLines = entry.bold ? wrap(entry.bold, fonts.bold, size, width, width) : [];
    const leadsLine = boldLines.length === 1 && fonts.bold.widthOfTextAtSize(boldLines[0]!, size) < width * 0.6;
    // The text after a leading bold part starts one space after it (the entry's text begins with ' — ').
    const space = entry.text.startsWith(' ') ? fonts.regular.widthOfTextAtSize(' ', size) : 0;
    const boldWidth = leadsLine ? fonts.bold.widthOfTextAtSize(boldLines[0]!, size) + space : 0;
    const textLines = entry.text ? wrap(entry.text.trimStart(), font, size, width - boldWidth, width - base) : [];
    if (leadsLine) {
      const first: Row = row(a6.margin, boldLines[0]!, fonts.bold, gapBefore);
      if (textLines[0]) first.runs.push({ x: a6.margin + boldWidth, text: textLines[0], font });
      // Continuation lines are indented so the bold number or name stands out.
      return [first, ...textLines.slice(1).map((text) => row(a6.margin + base, text, font))];
    }
    return [
      ...boldLines.map((text, index) => row(a6.margin, text, fonts.bold, index === 0 ? gapBefore : 0)),
      ...textLines.map((text, index) =>
        row(boldLines.length ? a6.margin + base : a6.margin, text, font, index === 0 && !boldLines.length ? gapBefore : 0),
      ),
    ];
  });
  return { rows, height: rows.reduce((total, row) => total + row.gapBefore + row.size * 1.25, 0) };
}

/**
 * The personal safety card as a one-page A6 PDF in Noto Sans (every language's letters): the largest
 * font size from 9 pt down to 5.5 pt at which the whole card fits on the page.
 */
export async function renderSafetyCardPdf(card: SafetyCard, labels: SafetyCardPdfLabels, t: Translate): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const bytes = notoSansBytes();
  const fonts = { regular: await pdf.embedFont(bytes.regular, { subset: true }), bold: await pdf.embedFont(bytes.bold, { subset: true }) };
  pdf.setTitle(`${labels.title} — ${card.holder}`);
  pdf.setLanguage(labels.language);
  const footerSize = 6;
  const available = a6.height - 2 * a6.margin - footerSize * 2;
  const entries = entriesOf(card, labels, t);
  let base = 9;
  let result = layout(entries, fonts, base);
  while (result.height > available && base > 5.5) {
    base -= 0.5;
    result = layout(entries, fonts, base);
  }
  const page = pdf.addPage([a6.width, a6.height]);
  let y = a6.height - a6.margin;
  for (const row of result.rows) {
    y -= row.gapBefore + row.size;
    for (const run of row.runs) page.drawText(run.text, { x: run.x, y, size: row.size, font: run.font, color: rgb(0.1, 0.1, 0.1) });
    y -= row.size * 0.25;
  }
  page.drawText(labels.footer, { x: a6.margin, y: a6.margin, size: footerSize, font: fonts.regular, color: rgb(0.35, 0.35, 0.35) });
  return pdf.save();
}
