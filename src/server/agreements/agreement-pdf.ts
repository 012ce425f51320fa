import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { a4, notoSansBytes, PageWriter } from '../kits/kit-pdf.js';
import { countryName, formatDate, formatDateTime } from '../../shared/format.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/i18n/languages.js';
import type { SignerRole } from '../db/schema/index.js';
import { catalogueText, type AgreementContent, type AgreementPerson } from './agreement-content.js';

export type SignatureLine = {
  role: SignerRole;
  signerName: string;
  typedName: string | null;
  signedAt: Date | null;
  signedContentHash: string | null;
};
export type AgreementPdfInput = {
  content: AgreementContent;
  version: number;
  contentHash: string;
  signatures: SignatureLine[];
  language: Language;
  code: string;
  verifyUrl: string;
  issuedAt: Date;
};

const personLine = (person: AgreementPerson | null) =>
  person ? [person.name, person.email, person.phone].filter(Boolean).join(' · ') : '—';

/**
 * The learning agreement on A4 with an embedded Noto Sans (every European script prints): parties,
 * outcomes, assessment and recognition, contacts, the signature block with each signer's hash, and
 * the version hash, verification code and QR code to /verify/<code>.
 */
export async function renderAgreementPdf(input: AgreementPdfInput): Promise<Uint8Array> {
  const { content, language } = input;
  const t = createTranslator(language);
  const fonts = notoSansBytes();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${t('signing.pdf.title')} — ${content.learner.name}`);
  pdf.setLanguage(language);
  pdf.setCreator('Passerelle');
  pdf.setCreationDate(input.issuedAt);
  pdf.setModificationDate(input.issuedAt);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  const writer = new PageWriter(pdf);
  const heading = (text: string) => {
    writer.keepWithNext(60);
    writer.write(text, { font: bold, size: 12.5, gapBefore: 10, color: [0.05, 0.2, 0.45] });
  };
  const fact = (label: string, value: string) => writer.write(`${label}: ${value}`, { font: regular, size: 10, gapBefore: 2 });
  const organisation = (value: AgreementContent['hostOrganisation']) =>
    `${value.name}, ${value.city} (${countryName(language, value.country)})${value.oid ? ` — OID ${value.oid}` : ''}`;

  writer.write(t('signing.pdf.title'), { font: bold, size: 19 });
  writer.write(`${content.learner.name} — ${t('signing.pdf.version', { version: input.version })}`, {
    font: regular,
    size: 11,
    gapBefore: 2,
  });

  heading(t('signing.view.parties'));
  fact(
    t('signing.view.learner'),
    content.learner.name + (content.learner.birthDate ? ` (${formatDate(language, content.learner.birthDate)})` : ''),
  );
  fact(t('signing.view.sending'), organisation(content.sendingOrganisation));
  fact(t('signing.view.host'), organisation(content.hostOrganisation));
  fact(t('signing.view.tutor'), personLine(content.tutor));
  fact(t('signing.view.mentor'), personLine(content.mentor));
  fact(
    t('signing.view.dates'),
    t('signing.view.dateRange', { start: formatDate(language, content.startDate), end: formatDate(language, content.endDate) }),
  );
  fact(t('signing.view.hoursPerWeek'), String(content.hoursPerWeek));
  fact(t('signing.view.language'), `${content.language} — ${content.cefrLevel}`);

  heading(t('signing.view.tasks'));
  for (const line of content.tasks.split(/\r?\n/).filter(Boolean)) writer.write(line, { font: regular, size: 10, gapBefore: 2 });

  heading(t('signing.view.outcomes'));
  if (content.qualification) {
    writer.write(
      `${catalogueText(content.qualification.title, language)} — ${t('signing.view.eqf', { level: content.qualification.eqfLevel })}`,
      { font: bold, size: 10, gapBefore: 2 },
    );
  }
  for (const outcome of content.outcomes) {
    writer.write(`• ${outcome.unitCode ? `${outcome.unitCode}: ` : ''}${catalogueText(outcome.text, language)}`, {
      font: regular,
      size: 10,
      gapBefore: 3,
    });
  }
  fact(t('signing.view.assessment'), content.assessment);
  fact(t('signing.view.recording'), content.recording);
  fact(
    t('signing.view.recognition'),
    content.recognition.map((kind) => t(`signing.recognition.${kind}`)).join(', ') +
      (content.recognitionDetails ? ` — ${content.recognitionDetails}` : ''),
  );

  heading(t('signing.view.support'));
  fact(t('signing.view.insurance'), content.insurance);
  fact(t('signing.view.inKind'), content.inKindSupport || '—');
  fact(t('signing.view.adminSending'), personLine(content.administrativeContactSending));
  fact(t('signing.view.adminHost'), personLine(content.administrativeContactHost));
  for (const guardian of content.guardians) fact(t('signing.view.guardian'), personLine(guardian));
  for (const person of content.accompanyingPersons) fact(t('signing.view.accompanying'), personLine(person));
  for (const contact of content.emergencyContacts) {
    fact(
      t(contact.side === 'sending' ? 'signing.view.emergencySending' : 'signing.view.emergencyHost'),
      [contact.name, contact.phone, contact.relationship].filter(Boolean).join(' · '),
    );
  }

  heading(t('signing.pdf.signatures'));
  for (const signature of input.signatures) {
    writer.keepWithNext(40);
    writer.write(`${t(`signing.role.${signature.role}`)}: ${signature.signerName}`, { font: bold, size: 10, gapBefore: 4 });
    writer.write(
      signature.signedAt
        ? t('signing.pdf.signedBy', {
            name: signature.typedName ?? '',
            date: formatDateTime(language, signature.signedAt),
            hash: signature.signedContentHash ?? '',
          })
        : t('signing.pdf.notSigned'),
      { font: regular, size: 8.5, indent: 10, gapBefore: 1 },
    );
  }

  heading(t('signing.pdf.verification'));
  writer.write(`${t('signing.view.hash')}: ${input.contentHash}`, { font: regular, size: 8.5, gapBefore: 2 });
  writer.write(`${t('signing.pdf.code')}: ${input.code}`, { font: bold, size: 10, gapBefore: 2 });
  writer.write(`${t('signing.pdf.verifyAt')}: ${input.verifyUrl}`, { font: regular, size: 8.5, gapBefore: 2 });
  const qr = await QRCode.toBuffer(input.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const qrImage = await pdf.embedPng(qr);
  writer.keepWithNext(100);
  writer.page.drawImage(qrImage, { x: a4.margin, y: writer.y - 96, width: 90, height: 90 });

  const pages = pdf.getPages();
  pages.forEach((page, index) => {
    page.drawText(`${input.code} · ${index + 1}/${pages.length}`, {
      x: a4.margin,
      y: a4.margin / 2,
      size: 8,
      font: regular,
      color: rgb(0.35, 0.35, 0.4),
    });
  });
  return pdf.save();
}
