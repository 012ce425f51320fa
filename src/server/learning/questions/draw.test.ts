import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawQuestions } from './draw.js';

const bank = ['safety', 'safety', 'safety', 'safety', 'health', 'health', 'health', 'money'].map((category, index) => ({ id: `q${index}`, category }));

describe('drawing an attempt’s questions', () => {
  it('takes the whole bank in its order by default', () => {
    assert.deepEqual(
      drawQuestions(bank, { perCategory: null, shuffle: false }, 'seed').map((question) => question.id),
      bank.map((question) => question.id),
    );
  });

  it('draws N questions from every category, fewer when a category is smaller, without duplicates', () => {
    const drawn = drawQuestions(bank, { perCategory: 2, shuffle: false }, 'seed-1');
    const count = (category: string) => drawn.filter((question) => question.category === category).length;
    assert.deepEqual([count('safety'), count('health'), count('money')], [2, 2, 1]);
    assert.equal(new Set(drawn.map((question) => question.id)).size, drawn.length);
  });

  it('gives the same paper for the same seed and different papers across seeds', () => {
    const paper = (seed: string) => drawQuestions(bank, { perCategory: 2, shuffle: true }, seed).map((question) => question.id).join();
    assert.equal(paper('attempt-a'), paper('attempt-a'));
    const papers = new Set(Array.from({ length: 20 }, (_, index) => paper(`attempt-${index}`)));
    assert.ok(papers.size > 10, `only ${papers.size} distinct papers in 20 attempts`);
  });

  it('shuffles the order of the whole paper but keeps every question', () => {
    const shuffled = drawQuestions(bank, { perCategory: null, shuffle: true }, 'seed-2').map((question) => question.id);
    assert.deepEqual([...shuffled].sort(), bank.map((question) => question.id).sort());
    assert.notDeepEqual(shuffled, bank.map((question) => question.id));
  });
});
