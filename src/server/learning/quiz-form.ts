import type { PublicClozeGapResponse, PublicQuestion, PublicResponse } from './questions/types.js';

/**
 * How a question's answers travel in a plain HTML form (no JavaScript needed). Every question on a
 * page also sends `<prefix>-shown`, so "no box ticked" is told apart from "not on this page".
 *
 * - single choice, true/false: radio `<prefix>`; multiple choice: checkboxes `<prefix>`
 * - short answer, numerical, essay: text `<prefix>`
 * - matching: one select per stem, `<prefix>-m-<stemId>` = answer id
 * - ordering: one select per item, `<prefix>-o-<itemId>` = its place (1 = first)
 * - cloze: `<prefix>-g<n>` per gap (n from 1), a select, radios, checkboxes or text
 */
export const fieldNames = {
  shown: (prefix: string) => `${prefix}-shown`,
  matching: (prefix: string, stemId: string) => `${prefix}-m-${stemId}`,
  ordering: (prefix: string, itemId: string) => `${prefix}-o-${itemId}`,
  gap: (prefix: string, gapNumber: number) => `${prefix}-g${gapNumber}`,
};

type Fields = Record<string, string | string[]>;

const single = (fields: Fields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const several = (fields: Fields, name: string): string[] => {
  const value = fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const limited = (text: string, length: number) => text.slice(0, length);

export function publicResponseFromForm(question: PublicQuestion, fields: Fields, prefix: string): PublicResponse | undefined {
  if (!(fieldNames.shown(prefix) in fields)) return undefined;
  switch (question.type) {
    case 'single_choice':
      return { type: 'single_choice', optionId: single(fields, prefix) || null };
    case 'multiple_choice':
      return { type: 'multiple_choice', optionIds: several(fields, prefix) };
    case 'true_false': {
      const value = single(fields, prefix);
      return { type: 'true_false', value: value === 'true' ? true : value === 'false' ? false : null };
    }
    case 'short_answer':
    case 'numerical':
      return { type: question.type, text: limited(single(fields, prefix), 500) };
    case 'essay':
      return { type: 'essay', text: limited(single(fields, prefix), 50_000) };
    case 'matching':
      return {
        type: 'matching',
        matches: Object.fromEntries(question.stems.map((stem) => [stem.id, single(fields, fieldNames.matching(prefix, stem.id)) || null])),
      };
    case 'ordering': {
      // Items sorted by the place the learner gave them; equal places keep the order shown.
      const placed = question.items.map((item, shownIndex) => {
        const place = Number.parseInt(single(fields, fieldNames.ordering(prefix, item.id)), 10);
        return { id: item.id, place: Number.isFinite(place) ? place : shownIndex + 1, shownIndex };
      });
      placed.sort((first, second) => first.place - second.place || first.shownIndex - second.shownIndex);
      return { type: 'ordering', order: placed.map((item) => item.id) };
    }
    case 'cloze':
      return {
        type: 'cloze',
        gaps: question.gaps.map((gap, index): PublicClozeGapResponse => {
          const name = fieldNames.gap(prefix, index + 1);
          switch (gap.kind) {
            case 'single_choice':
              return { kind: 'single_choice', optionId: single(fields, name) || null };
            case 'multiple_choice':
              return { kind: 'multiple_choice', optionIds: several(fields, name) };
            case 'short_answer':
            case 'numerical':
              return { kind: gap.kind, text: limited(single(fields, name), 500) };
          }
        }),
      };
    case 'description':
      return { type: 'description' };
  }
}
