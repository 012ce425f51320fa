import type { PageContext } from '../../ui/page-context.js';
import { formatDate } from '../../shared/format.js';
import { pick } from '../learning/completion.js';
import type { StepStatus, TimelineTranslations } from '../db/schema/index.js';

/** A template's or step's text in the reader's language, with `lang` when it had to fall back. */
export function Translated({ page, text }: { page: PageContext; text: TimelineTranslations }) {
  const chosen = pick(text, page.language);
  return <span lang={chosen.language === page.language ? undefined : chosen.language}>{chosen.text}</span>;
}

export const translatedText = (page: PageContext, text: TimelineTranslations) => pick(text, page.language).text;

/** Status in words, never by colour alone: overdue steps say so. */
export function StepStatusBadge({
  page,
  status,
  dueDate,
  today,
}: {
  page: PageContext;
  status: StepStatus;
  dueDate: string;
  today: string;
}) {
  if (status === 'todo' && dueDate < today) return <strong class="badge badge-overdue">{page.t('timeline.status.overdue')}</strong>;
  return <span class={status === 'todo' ? 'badge' : 'badge badge-muted'}>{page.t(`timeline.status.${status}`)}</span>;
}

export function DueDate({ page, dueDate }: { page: PageContext; dueDate: string }) {
  return <time datetime={dueDate}>{formatDate(page.language, dueDate)}</time>;
}
