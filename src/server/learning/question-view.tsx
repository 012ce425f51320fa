import type { Translate } from '../../shared/i18n/translate.js';
import { renderMarkdown } from './markdown.js';
import { fieldNames } from './quiz-form.js';
import type { GradeResult, PublicQuestion, PublicResponse, TextFormat } from './questions/types.js';

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Question text as safe HTML. Markdown goes through the escaping renderer; HTML from Moodle files is
 * reduced to its text (no markup from an imported file reaches the page); Moodle and plain text keep
 * their line breaks.
 */
export function questionTextHtml(text: string, format: TextFormat): string {
  if (format === 'markdown') return renderMarkdown(text);
  const plain =
    format === 'html'
      ? text
          .replace(/<br\s*\/?>/gi, '\n')
          .replace(/<\/p>/gi, '\n')
          .replace(/<[^>]*>/g, '')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
      : text;
  return escapeHtml(plain.trim()).replace(/\r?\n/g, '<br>');
}

function Html({ html, class: className, id, lang }: { html: string; class?: string; id?: string; lang?: string | undefined }) {
  return <div class={className} id={id} lang={lang} dangerouslySetInnerHTML={{ __html: html }} />;
}

const savedText = (saved: PublicResponse | undefined) => (saved && 'text' in saved ? saved.text : '');

/** One question as form controls: radios, checkboxes, text, and selects for matching and ordering. */
export function QuestionFields({
  t,
  question,
  number,
  saved,
  isLocked,
  contentLanguage,
}: {
  t: Translate;
  question: PublicQuestion;
  number: number;
  saved: PublicResponse | undefined;
  isLocked: boolean;
  /** Set when the questions are in another language than the page (WCAG 3.1.2). */
  contentLanguage?: string | undefined;
}) {
  const prefix = `q${number}`;
  const textId = `${prefix}-text`;
  const text = <Html html={questionTextHtml(question.text, question.format)} class="question-text" id={textId} lang={contentLanguage} />;
  const after = question.textAfter ? (
    <Html html={questionTextHtml(question.textAfter, question.format)} class="question-text" lang={contentLanguage} />
  ) : null;
  const shown = <input type="hidden" name={fieldNames.shown(prefix)} value="1" />;
  const legend = <legend>{t('learning.attempt.question', { number })}</legend>;
  switch (question.type) {
    case 'description':
      return (
        <section class="question" aria-label={t('learning.attempt.question', { number })}>
          {text}
        </section>
      );
    case 'single_choice':
    case 'multiple_choice': {
      const chosen = saved?.type === 'single_choice' ? [saved.optionId] : saved?.type === 'multiple_choice' ? saved.optionIds : [];
      return (
        <fieldset class="question" aria-describedby={textId} disabled={isLocked}>
          {legend}
          {text}
          {shown}
          {question.options.map((option) => (
            <div class="choice">
              <label class="checkbox">
                <input
                  type={question.type === 'single_choice' ? 'radio' : 'checkbox'}
                  name={prefix}
                  value={option.id}
                  checked={chosen.includes(option.id)}
                />
                <span lang={contentLanguage}>{option.text}</span>
              </label>
            </div>
          ))}
          {after}
        </fieldset>
      );
    }
    case 'true_false': {
      const value = saved?.type === 'true_false' ? saved.value : null;
      return (
        <fieldset class="question" aria-describedby={textId} disabled={isLocked}>
          {legend}
          {text}
          {shown}
          <div class="checkbox-row">
            <label class="checkbox">
              <input type="radio" name={prefix} value="true" checked={value === true} /> {t('learning.attempt.true')}
            </label>
            <label class="checkbox">
              <input type="radio" name={prefix} value="false" checked={value === false} /> {t('learning.attempt.false')}
            </label>
          </div>
        </fieldset>
      );
    }
    case 'short_answer':
    case 'numerical':
      return (
        <fieldset class="question" disabled={isLocked}>
          {legend}
          {text}
          {shown}
          <div class="field">
            <label for={`${prefix}-input`}>{t('learning.attempt.yourAnswer')}</label>
            {question.type === 'numerical' && (
              <p class="hint" id={`${prefix}-hint`}>
                {t('learning.attempt.numberHint')}
              </p>
            )}
            <input
              id={`${prefix}-input`}
              name={prefix}
              type="text"
              value={savedText(saved)}
              inputmode={question.type === 'numerical' ? 'decimal' : undefined}
              autocomplete="off"
              maxlength={500}
              aria-describedby={[textId, question.type === 'numerical' ? `${prefix}-hint` : ''].filter(Boolean).join(' ')}
            />
          </div>
          {after}
        </fieldset>
      );
    case 'essay':
      return (
        <fieldset class="question" disabled={isLocked}>
          {legend}
          {text}
          {shown}
          <div class="field">
            <label for={`${prefix}-input`}>{t('learning.attempt.yourAnswer')}</label>
            <textarea id={`${prefix}-input`} name={prefix} rows={8} maxlength={50_000} aria-describedby={textId}>
              {saved ? savedText(saved) : question.responseTemplate}
            </textarea>
          </div>
        </fieldset>
      );
    case 'matching': {
      const matches = saved?.type === 'matching' ? saved.matches : {};
      return (
        <fieldset class="question" aria-describedby={`${textId} ${prefix}-hint`} disabled={isLocked}>
          {legend}
          {text}
          <p class="hint" id={`${prefix}-hint`}>
            {t('learning.attempt.matchingHint')}
          </p>
          {shown}
          {question.stems.map((stem) => {
            const id = `${prefix}-m-${stem.id}`;
            return (
              <div class="field">
                <label for={id} lang={contentLanguage}>
                  {stem.text}
                </label>
                <select id={id} name={fieldNames.matching(prefix, stem.id)}>
                  <option value="">{t('learning.attempt.choose')}</option>
                  {question.answers.map((answer) => (
                    <option value={answer.id} selected={matches[stem.id] === answer.id}>
                      {answer.text}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      );
    }
    case 'ordering': {
      const savedOrder = saved?.type === 'ordering' && saved.order.length ? saved.order : question.items.map((item) => item.id);
      // Shown in the saved order, so the page reads top to bottom as the learner arranged it.
      const items = [...question.items].sort((a, b) => savedOrder.indexOf(a.id) - savedOrder.indexOf(b.id));
      return (
        <fieldset class="question" aria-describedby={`${textId} ${prefix}-hint`} disabled={isLocked}>
          {legend}
          {text}
          <p class="hint" id={`${prefix}-hint`}>
            {t('learning.attempt.orderingHint')}
          </p>
          {shown}
          {items.map((item, index) => {
            const id = `${prefix}-o-${item.id}`;
            return (
              <div class="field">
                <label for={id} lang={contentLanguage}>
                  {item.text}
                </label>
                <select id={id} name={fieldNames.ordering(prefix, item.id)}>
                  {items.map((_, place) => (
                    <option value={String(place + 1)} selected={place === index}>
                      {t('learning.attempt.position', { number: place + 1 })}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      );
    }
    case 'cloze': {
      const gaps = saved?.type === 'cloze' ? saved.gaps : [];
      const segments = question.text.split(/\{#(\d+)\}/);
      return (
        <fieldset class="question" disabled={isLocked}>
          {legend}
          {shown}
          <div class="question-text cloze" lang={contentLanguage}>
            {segments.map((segment, index) => {
              if (index % 2 === 0)
                return (
                  <span
                    dangerouslySetInnerHTML={{
                      __html: questionTextHtml(segment, question.format === 'markdown' ? 'plain' : question.format),
                    }}
                  />
                );
              const gapNumber = Number(segment);
              const gap = question.gaps[gapNumber - 1];
              if (!gap) return null;
              const name = fieldNames.gap(prefix, gapNumber);
              const label = t('learning.attempt.gap', { number: gapNumber });
              const savedGap = gaps[gapNumber - 1];
              if (gap.kind === 'short_answer' || gap.kind === 'numerical') {
                const value = savedGap && 'text' in savedGap ? savedGap.text : '';
                return (
                  <input
                    type="text"
                    name={name}
                    value={value}
                    aria-label={label}
                    size={12}
                    maxlength={500}
                    autocomplete="off"
                    inputmode={gap.kind === 'numerical' ? 'decimal' : undefined}
                  />
                );
              }
              if (gap.kind === 'single_choice' && gap.display === 'dropdown') {
                const chosen = savedGap && 'optionId' in savedGap ? savedGap.optionId : null;
                return (
                  <select name={name} aria-label={label}>
                    <option value="">{t('learning.attempt.choose')}</option>
                    {gap.options.map((option) => (
                      <option value={option.id} selected={chosen === option.id}>
                        {option.text}
                      </option>
                    ))}
                  </select>
                );
              }
              const chosen =
                savedGap && 'optionId' in savedGap ? [savedGap.optionId] : savedGap && 'optionIds' in savedGap ? savedGap.optionIds : [];
              return (
                <span role="group" aria-label={label} class="checkbox-row">
                  {gap.options.map((option) => (
                    <label class="checkbox">
                      <input
                        type={gap.kind === 'single_choice' ? 'radio' : 'checkbox'}
                        name={name}
                        value={option.id}
                        checked={chosen.includes(option.id)}
                      />
                      <span lang={contentLanguage}>{option.text}</span>
                    </label>
                  ))}
                </span>
              );
            })}
          </div>
        </fieldset>
      );
    }
  }
}

/** A response in words, for the review page (texts are shown as text, never as markup). */
export function describeResponse(t: Translate, question: PublicQuestion, response: PublicResponse | undefined): string {
  const none = t('learning.review.noAnswer');
  if (!response || response.type !== question.type) return none;
  const optionText = (options: { id: string; text: string }[], id: string | null) => options.find((option) => option.id === id)?.text ?? '';
  const orNone = (text: string) => (text.trim() ? text : none);
  switch (question.type) {
    case 'single_choice':
      return orNone(response.type === 'single_choice' ? optionText(question.options, response.optionId) : '');
    case 'multiple_choice':
      return orNone(
        response.type === 'multiple_choice' ? response.optionIds.map((id) => optionText(question.options, id)).join(' · ') : '',
      );
    case 'true_false':
      return response.type === 'true_false' && response.value !== null
        ? t(response.value ? 'learning.attempt.true' : 'learning.attempt.false')
        : none;
    case 'short_answer':
    case 'numerical':
    case 'essay':
      return orNone('text' in response ? response.text : '');
    case 'matching':
      return response.type === 'matching'
        ? question.stems
            .map((stem) => `${stem.text} → ${optionText(question.answers, response.matches[stem.id] ?? null) || none}`)
            .join(' · ')
        : none;
    case 'ordering':
      return response.type === 'ordering' && response.order.length
        ? response.order.map((id, index) => `${index + 1}. ${optionText(question.items, id)}`).join(' · ')
        : none;
    case 'cloze':
      return response.type === 'cloze'
        ? question.gaps
            .map((gap, index) => {
              const answer = response.gaps[index];
              const text = !answer
                ? ''
                : 'text' in answer
                  ? answer.text
                  : 'optionId' in answer
                    ? optionText('options' in gap ? gap.options : [], answer.optionId)
                    : answer.optionIds.map((id) => optionText('options' in gap ? gap.options : [], id)).join(', ');
              return `${t('learning.attempt.gap', { number: index + 1 })}: ${text || none}`;
            })
            .join(' · ')
        : none;
    case 'description':
      return '';
  }
}

export function gradeLabel(t: Translate, grade: GradeResult, manualFraction: number | null = null): string {
  if (grade.needsManualGrading && manualFraction === null) return t('learning.attempt.needsGrading');
  const fraction = manualFraction ?? grade.fraction;
  return fraction >= 1
    ? t('learning.attempt.correct')
    : fraction > 0
      ? t('learning.attempt.partiallyCorrect')
      : t('learning.attempt.incorrect');
}

/** Feedback after a question: shown in practice mode once checked, and on the review page. */
export function QuestionFeedback({
  t,
  grade,
  manualFraction,
  manualComment,
}: {
  t: Translate;
  grade: GradeResult;
  manualFraction?: number | null;
  manualComment?: string | null;
}) {
  const feedback = [...grade.feedback, grade.generalFeedback].filter((line) => line.trim());
  return (
    <div class="feedback" role="note">
      <p>
        <strong>{gradeLabel(t, grade, manualFraction ?? null)}</strong>
      </p>
      {feedback.map((line) => (
        <p>{line}</p>
      ))}
      {manualComment && (
        <p>
          {t('learning.review.trainerComment')}: {manualComment}
        </p>
      )}
    </div>
  );
}
