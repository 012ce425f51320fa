import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificatePayload } from '../db/schema/index.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { formatDate, formatNumber } from '../../shared/format.js';
import { isLanguage } from '../../shared/i18n/languages.js';

const require = createRequire(import.meta.url);
/** A full TTF (Noto Sans, OFL) so names in every European script print; subset on embedding. */
const regularFont = readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));
const boldFont = readFileSync(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'));

const ink = rgb(0.1, 0.16, 0.26);
const accent = rgb(0.05, 0.37, 0.55);

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

function centred(page: PDFPage, text: string, font: PDFFont, size: number, y: number, color = ink) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

/**
 * The course certificate: holder, course, modules, date, hours, issuer, verification code, content
 * hash and a QR code to the public verification page. Rendered from the frozen payload, so a
 * download today and one next year say the same thing.
 */
export async function renderCertificatePdf(
  payload: CertificatePayload,
  options: { verifyUrl: string; contentHash: string; issuedAt: Date },
) {
  const language = isLanguage(payload.language) ? payload.language : 'en';
  const t = createTranslator(language);
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  document.setTitle(`${t('learning.certificate.title')} — ${payload.course}`);
  document.setAuthor(payload.issuer);
  document.setCreator('Passerelle');
  document.setCreationDate(options.issuedAt);
  document.setModificationDate(options.issuedAt);
  const regular = await document.embedFont(regularFont, { subset: true });
  const bold = await document.embedFont(boldFont, { subset: true });
  const page = document.addPage([842, 595]);
  const margin = 56;
  page.drawRectangle({ x: 24, y: 24, width: 842 - 48, height: 595 - 48, borderColor: accent, borderWidth: 2 });

  centred(page, t('learning.certificate.title'), bold, 26, 510, accent);
  centred(page, payload.holder, bold, 24, 460);
  centred(page, t('learning.certificate.hasCompleted'), regular, 13, 432);
  let y = 400;
  for (const line of wrap(payload.course, bold, 17, 842 - 2 * margin)) {
    centred(page, line, bold, 17, y);
    y -= 22;
  }
  y -= 6;
  const facts = [
    `${t('learning.certificate.date')}: ${formatDate(language, payload.issuedOn)}`,
    `${t('learning.certificate.hours')}: ${formatNumber(language, payload.hours)}`,
    `${t('learning.certificate.issuer')}: ${payload.issuer}`,
  ];
  for (const fact of facts) {
    centred(page, fact, regular, 11, y);
    y -= 16;
  }
  y -= 6;
  page.drawText(`${t('learning.certificate.modules')}:`, { x: margin, y, size: 10, font: bold, color: ink });
  y -= 14;
  for (const module of payload.modules) {
    for (const line of wrap(`• ${module}`, regular, 9, 842 - 2 * margin - 150)) {
      if (y < 80) break;
      page.drawText(line, { x: margin, y, size: 9, font: regular, color: ink });
      y -= 12;
    }
  }

  const qr = await QRCode.toBuffer(options.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const qrImage = await document.embedPng(qr);
  page.drawImage(qrImage, { x: 842 - margin - 110, y: 60, width: 110, height: 110 });
  page.drawText(`${t('learning.certificate.code')}: ${payload.code}`, { x: margin, y: 74, size: 10, font: bold, color: ink });
  page.drawText(`${t('learning.certificate.verifyAt')}: ${options.verifyUrl}`, { x: margin, y: 60, size: 8, font: regular, color: ink });
  page.drawText(`SHA-256: ${options.contentHash}`, { x: margin, y: 46, size: 6.5, font: regular, color: ink });
  return document.save();
}
