import { desc, eq, sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Database } from '../db/client.js';
import { outboxMessages, people } from '../db/schema/index.js';

/** A complete agreement form for the demo learner, targeting two Bac pro Logistique outcomes. */
export function agreementFormFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    baseVersion: '0',
    qualificationSlug: 'bac-pro-logistique',
    outcomeKeys: ['log-b1-o1', 'log-b1-o2'],
    freeOutcomes: 'Use the German names of the main warehouse equipment',
    startDate: '2027-03-01',
    endDate: '2027-03-28',
    hoursPerWeek: '35',
    tasks: 'Goods receipt and put-away in the bonded warehouse, with the tutor.',
    mentorName: 'Camille Martin',
    mentorEmail: 'camille.martin@lycee-roanne.example',
    assessment: 'Observation by the tutor with the evaluation grid in the last week.',
    recording: 'Evaluation grid signed by the tutor, kept in the learner file.',
    recognition: ['learner_record'],
    recognitionDetails: 'Counts as a period of training in the workplace (PFMP).',
    language: 'de',
    cefrLevel: 'A2',
    insurance: 'Civil liability and accident cover of the school; EHIC.',
    inKindSupport: 'Host family accommodation with breakfast and dinner.',
    ...overrides,
  };
}

/** The signing token mailed most recently to a person, read from the outbox as a test would from a mailbox. */
export async function latestSigningToken(
  db: Database,
  email: string,
): Promise<{ token: string; url: string; language: string; body: string }> {
  const [mail] = await db
    .select()
    .from(outboxMessages)
    .where(sql`lower(${outboxMessages.toAddress}) = ${email.toLowerCase()} and ${outboxMessages.textBody} like '%/sign/%'`)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  if (!mail) throw new Error(`no signing mail to ${email}`);
  const url = mail.textBody.match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+\?lang=[a-z]{2}/)![0];
  return { token: url.match(/\/sign\/([A-Za-z0-9_-]+)/)![1]!, url, language: mail.language, body: mail.textBody };
}

export async function personIdByEmail(db: Database, email: string) {
  const [row] = await db.select({ id: people.id }).from(people).where(eq(people.email, email));
  return row!.id;
}

/** All the text of a PDF, in reading order, for assertions on what a printed document says. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
  }
  await pdf.destroy();
  return text;
}
