/**
 * Which questions of a bank an attempt gets: all of them, or N drawn at random from each category
 * (so every topic is tested while two learners rarely get the same paper), optionally in a shuffled
 * order. Deterministic for an attempt's seed: a reload or a review shows the same paper.
 */
import { shuffledIndexes } from './grading.js';

export interface DrawSettings {
  /** Questions drawn from each category; null takes every question. */
  perCategory: number | null;
  shuffle: boolean;
}

export function drawQuestions<Q extends { id: string; category: string }>(questions: readonly Q[], settings: DrawSettings, seed: string): Q[] {
  let drawn: Q[] = [...questions];
  if (settings.perCategory !== null) {
    const byCategory = new Map<string, Q[]>();
    for (const question of questions) {
      const members = byCategory.get(question.category);
      if (members) members.push(question);
      else byCategory.set(question.category, [question]);
    }
    const kept = new Set<string>();
    for (const [category, members] of byCategory) {
      const order = shuffledIndexes(members.length, seed, 'draw', category);
      for (const index of order.slice(0, settings.perCategory)) kept.add(members[index]!.id);
    }
    // Drawn questions keep the bank's order unless the paper is shuffled as a whole.
    drawn = questions.filter((question) => kept.has(question.id));
  }
  if (!settings.shuffle) return drawn;
  return shuffledIndexes(drawn.length, seed, 'paper', 'order').map((index) => drawn[index]!);
}
