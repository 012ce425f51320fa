import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGift } from './gift.js';
import {
  correctResponse,
  emptyResponse,
  fromPublicResponse,
  grade,
  parseLearnerNumber,
  shortAnswerMatches,
  toPublic,
  toPublicResponse,
} from './grading.js';
import { parseMoodleXml } from './moodle-xml.js';
import type { ClozeQuestion, PublicQuestion, Question, QuestionOfType } from './types.js';

function gift<T extends Question['type']>(source: string, type: T): QuestionOfType<T> {
  const result = parseGift(source);
  assert.deepEqual(result.errors, []);
  const question = result.questions[0];
  assert.equal(question?.type, type);
  return question as QuestionOfType<T>;
}

const base = {
  category: '',
  tags: [],
  textAfter: '',
  format: 'moodle' as const,
  generalFeedback: 'General.',
  defaultMark: 1,
};

const singleChoice = gift(
  '::sc::Capital of Australia?{=Canberra#Yes. ~%50%Sydney#Close. ~%-50%Paris#No. ~Rome ####Canberra.}',
  'single_choice',
);
const multipleChoice = gift('::mc::Pick{~%50%a#A ~%50%b#B ~%-100%c#C ~%-50%d#D ~e#E}', 'multiple_choice');
const thirds = gift('::thirds::Pick{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}', 'multiple_choice');
const trueFalse = gift('::tf::Sky is blue{TRUE#Look up.#Yes.}', 'true_false');
const shortAnswer = gift('::sa::Name it{=Erasmus Plan#Yes =Eras*us+ Plan#Also =%50%plan#Half =%0%*#No}', 'short_answer');
const numerical = gift('::num::How many?{#\n=6:0.5#Yes\n=%50%10..20#Half\n=%0%2#No, that is without green travel\n~#No\n}', 'numerical');
const matching = gift('::match::Match{=CAP -> level 3 =Bac pro -> level 4 =BP -> level 4 =BTS -> level 5 = -> level 8}', 'matching');
const essay = gift('::essay::Tell us.{}', 'essay');
const description = gift('::desc::Read this.', 'description');
const ordering: QuestionOfType<'ordering'> = {
  ...base,
  id: 'order',
  text: 'Order the steps',
  type: 'ordering',
  items: ['apply', 'select', 'leave', 'report'],
};
const clozeResult = parseMoodleXml(`<quiz><question type="cloze"><name><text>cloze</text></name>
<questiontext format="html"><text>Rome is in {1:MULTICHOICE:=Italy#Yes~France#No}, {2:SHORTANSWER:=Lazio~%50%Latium} has {1:NUMERICAL:=2.8:0.1#Millions} million people and {1:MULTIRESPONSE:%50%Tiber~%50%Aniene~%-100%Seine}.</text></questiontext>
</question></quiz>`);
assert.deepEqual(clozeResult.errors, []);
const cloze = clozeResult.questions[0] as ClozeQuestion;

describe('grade: single choice', () => {
  it('gives the weight of the chosen answer, its feedback and the general feedback', () => {
    const result = grade(singleChoice, { type: 'single_choice', choice: 0 });
    assert.deepEqual(result, {
      fraction: 1,
      isCorrect: true,
      isPartiallyCorrect: false,
      needsManualGrading: false,
      feedback: ['Yes.'],
      parts: [],
      generalFeedback: 'Canberra.',
    });
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: 1 }).fraction, 0.5);
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: 1 }).isPartiallyCorrect, true);
  });

  it('floors a negative mark at 0 and treats no answer or an unknown index as 0', () => {
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: 2 }).fraction, 0);
    assert.deepEqual(grade(singleChoice, { type: 'single_choice', choice: 2 }).feedback, ['No.']);
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: null }).fraction, 0);
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: 4 }).fraction, 0);
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: -1 }).fraction, 0);
    assert.equal(grade(singleChoice, { type: 'single_choice', choice: 0.5 }).fraction, 0);
  });

  it('reads a response of another type as no answer', () => {
    assert.equal(grade(singleChoice, { type: 'true_false', value: true }).fraction, 0);
  });
});

describe('grade: multiple choice', () => {
  it('sums the ticked weights', () => {
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0, 1] }).fraction, 1);
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0] }).fraction, 0.5);
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0, 1, 3] }).fraction, 0.5);
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0, 1, 4] }).fraction, 1);
  });

  it('floors negative marks at 0 for the question', () => {
    const result = grade(multipleChoice, { type: 'multiple_choice', choices: [0, 2] });
    assert.equal(result.fraction, 0);
    assert.deepEqual(result.parts, [
      { fraction: 0.5, isCorrect: true, feedback: 'A' },
      { fraction: -1, isCorrect: false, feedback: 'C' },
    ]);
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0, 1, 2, 3, 4] }).fraction, 0);
  });

  it('ignores duplicates and unknown indexes, so ticking twice earns nothing extra', () => {
    assert.equal(grade(multipleChoice, { type: 'multiple_choice', choices: [0, 0, 0, 9] }).fraction, 0.5);
  });

  it('counts three answers of 33.33333% as full marks', () => {
    const result = grade(thirds, { type: 'multiple_choice', choices: [0, 1, 2] });
    assert.equal(result.fraction, 1);
    assert.equal(result.isCorrect, true);
    assert.equal(grade(thirds, { type: 'multiple_choice', choices: [0, 1] }).fraction, 0.6666666);
  });
});

describe('grade: true/false', () => {
  it('grades and gives the feedback of the chosen value', () => {
    assert.deepEqual(grade(trueFalse, { type: 'true_false', value: true }).feedback, ['Yes.']);
    assert.equal(grade(trueFalse, { type: 'true_false', value: true }).fraction, 1);
    assert.deepEqual(grade(trueFalse, { type: 'true_false', value: false }).feedback, ['Look up.']);
    assert.equal(grade(trueFalse, { type: 'true_false', value: false }).fraction, 0);
    assert.deepEqual(grade(trueFalse, { type: 'true_false', value: null }).feedback, []);
  });
});

describe('grade: short answer', () => {
  const answer = (text: string) => grade(shortAnswer, { type: 'short_answer', text });

  it('is case-insensitive and ignores surrounding and repeated spaces', () => {
    assert.equal(answer('erasmus plan').fraction, 1);
    assert.equal(answer('  ERASMUS   Plan ').fraction, 1);
    assert.deepEqual(answer('Erasmus Plan').feedback, ['Yes']);
  });

  it('supports the * wildcard and takes the best matching answer', () => {
    assert.equal(answer('Erasmus+ Plan').fraction, 1);
    assert.deepEqual(answer('Erasmus+ Plan').feedback, ['Also']);
    assert.equal(answer('plan').fraction, 0.5);
    assert.equal(answer('a plan').fraction, 0);
    assert.deepEqual(answer('a plan').feedback, ['No']);
  });

  it('gives nothing, not even the catch-all feedback, to an empty answer', () => {
    assert.deepEqual(answer('   '), { ...answer('   '), fraction: 0, feedback: [] });
  });

  it('treats regular-expression characters literally and honours case sensitivity', () => {
    assert.equal(shortAnswerMatches('a.c', 'abc', false), false);
    assert.equal(shortAnswerMatches('a.c', 'A.C', false), true);
    assert.equal(shortAnswerMatches('a.c', 'A.C', true), false);
    assert.equal(shortAnswerMatches('(x)*', '(x) and more', false), true);
    assert.equal(shortAnswerMatches('Élève', 'élève', false), true);
    assert.equal(shortAnswerMatches('*', 'anything', false), true);
    assert.equal(shortAnswerMatches('a*', 'a', false), true);
    assert.equal(shortAnswerMatches('*b*c', 'abxbc', false), true);
    assert.equal(shortAnswerMatches('*b*c', 'abxbcd', false), false);
  });

  it('answers fast on a long response against a pattern full of wildcards', () => {
    const started = performance.now();
    assert.equal(shortAnswerMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(20_000), false), false);
    assert.ok(performance.now() - started < 500);
  });
});

describe('grade: numerical', () => {
  const answer = (text: string) => grade(numerical, { type: 'numerical', text });

  it('accepts values within the tolerance, bounds included', () => {
    assert.equal(answer('6').fraction, 1);
    assert.equal(answer('5.5').fraction, 1);
    assert.equal(answer('6.5').fraction, 1);
    assert.equal(answer('6,25').fraction, 1);
    assert.equal(answer('6.5000001').fraction, 0);
    assert.equal(answer('5.4999').fraction, 0);
  });

  it('accepts ranges, bounds included, and gives the feedback of the matching answer', () => {
    assert.equal(answer('10').fraction, 0.5);
    assert.equal(answer('20').fraction, 0.5);
    assert.equal(answer('20.001').fraction, 0);
    assert.deepEqual(answer('2').feedback, ['No, that is without green travel']);
    assert.deepEqual(answer('3').feedback, ['No']);
  });

  it('gives nothing to text that is not a number', () => {
    assert.deepEqual(answer('six').feedback, []);
    assert.equal(answer('').fraction, 0);
    assert.equal(answer('6 days').fraction, 0);
  });

  it('reads learner numbers written the French or English way', () => {
    assert.equal(parseLearnerNumber('1,5'), 1.5);
    assert.equal(parseLearnerNumber(' -2.25 '), -2.25);
    assert.equal(parseLearnerNumber('1 000'), 1000);
    assert.equal(parseLearnerNumber('1e3'), 1000);
    assert.equal(parseLearnerNumber('1,000,000'), null);
    assert.equal(parseLearnerNumber('0x10'), null);
    assert.equal(parseLearnerNumber('Infinity'), null);
  });
});

describe('grade: matching', () => {
  it('gives the fraction of correct pairs, with interchangeable identical answers', () => {
    assert.equal(grade(matching, { type: 'matching', matches: [0, 1, 2, 3] }).fraction, 1);
    assert.equal(grade(matching, { type: 'matching', matches: [0, 2, 1, 3] }).fraction, 1);
    assert.equal(grade(matching, { type: 'matching', matches: [0, 1, 3, null] }).fraction, 0.5);
    assert.equal(grade(matching, { type: 'matching', matches: [4, 4, 4, 4] }).fraction, 0);
    const result = grade(matching, { type: 'matching', matches: [0, 0, 0, 0] });
    assert.equal(result.fraction, 0.25);
    assert.deepEqual(
      result.parts.map((part) => part.isCorrect),
      [true, false, false, false],
    );
  });
});

describe('grade: ordering', () => {
  it('gives the fraction of items in their right position', () => {
    assert.equal(grade(ordering, { type: 'ordering', order: [0, 1, 2, 3] }).fraction, 1);
    assert.equal(grade(ordering, { type: 'ordering', order: [1, 0, 2, 3] }).fraction, 0.5);
    assert.equal(grade(ordering, { type: 'ordering', order: [3, 2, 1, 0] }).fraction, 0);
    assert.equal(grade(ordering, { type: 'ordering', order: [0, 1, 3, 2] }).isPartiallyCorrect, true);
  });

  it('gives nothing to an order that is not a permutation of the items', () => {
    assert.equal(grade(ordering, { type: 'ordering', order: [0, 0, 0, 0] }).fraction, 0);
    assert.equal(grade(ordering, { type: 'ordering', order: [0, 1, 2] }).fraction, 0);
    assert.equal(grade(ordering, { type: 'ordering', order: [0, 1, 2, 3, 3] }).fraction, 0);
  });
});

describe('grade: cloze', () => {
  it('sums the gaps weighted by their marks', () => {
    assert.equal(cloze.gaps.length, 4);
    assert.deepEqual(
      cloze.gaps.map((gap) => gap.mark),
      [1, 2, 1, 1],
    );
    assert.equal(grade(cloze, correctResponse(cloze)).fraction, 1);
    const result = grade(cloze, {
      type: 'cloze',
      gaps: [
        { kind: 'single_choice', choice: 0 },
        { kind: 'short_answer', text: 'latium' },
        { kind: 'numerical', text: '2,85' },
        { kind: 'multiple_choice', choices: [0, 2] },
      ],
    });
    // (1 + 2 × 0.5 + 1 + 0) / 5
    assert.equal(result.fraction, 0.6);
    assert.deepEqual(
      result.parts.map((part) => part.fraction),
      [1, 0.5, 1, 0],
    );
    assert.deepEqual(result.feedback, ['Yes', 'Millions']);
  });

  it('counts a missing or mistyped gap as 0', () => {
    const result = grade(cloze, { type: 'cloze', gaps: [{ kind: 'short_answer', text: 'Italy' }] });
    assert.equal(result.fraction, 0);
  });
});

describe('grade: essay and description', () => {
  it('sends a written essay to a trainer and grades an empty one 0 at once', () => {
    const written = grade(essay, { type: 'essay', text: 'My answer' });
    assert.equal(written.needsManualGrading, true);
    assert.equal(written.fraction, 0);
    assert.equal(grade(essay, { type: 'essay', text: '  ' }).needsManualGrading, false);
  });

  it('never grades a description', () => {
    assert.equal(grade(description, { type: 'description' }).fraction, 0);
    assert.equal(grade(description, { type: 'description' }).needsManualGrading, false);
  });
});

describe('correctResponse and emptyResponse', () => {
  const all: Question[] = [singleChoice, multipleChoice, thirds, trueFalse, shortAnswer, numerical, matching, ordering, cloze];
  it('the correct response earns full marks and the empty response nothing, for every graded type', () => {
    for (const question of all) {
      assert.equal(grade(question, correctResponse(question)).fraction, 1, question.id);
      assert.equal(grade(question, emptyResponse(question)).fraction, 0, question.id);
    }
  });
});

describe('toPublic', () => {
  const all: Question[] = [singleChoice, multipleChoice, trueFalse, shortAnswer, numerical, matching, ordering, cloze, essay, description];

  it('never contains weights, feedback or the correct-only texts', () => {
    for (const question of all) {
      const json = JSON.stringify(toPublic(question, 'seed-1'));
      for (const secret of [
        'weight',
        'feedback',
        'fraction',
        'correct',
        'Yes.',
        'Look up.',
        'Erasmus Plan',
        'Millions',
        'Lazio',
        '2.8',
        'tolerance',
        'General.',
      ]) {
        assert.equal(json.includes(secret), false, `${question.id} leaks ${secret}: ${json}`);
      }
    }
  });

  it('gives opaque ids that change with the seed and the same view for the same seed', () => {
    const first = toPublic(singleChoice, 'attempt-1');
    assert.deepEqual(toPublic(singleChoice, 'attempt-1'), first);
    assert.equal(first.type, 'single_choice');
    const second = toPublic(singleChoice, 'attempt-2');
    assert.notDeepEqual(
      first.type === 'single_choice' ? first.options.map((option) => option.id) : [],
      second.type === 'single_choice' ? second.options.map((option) => option.id) : [],
    );
    if (first.type === 'single_choice') {
      for (const option of first.options) assert.match(option.id, /^o[A-Za-z0-9_-]{11}$/);
      assert.deepEqual(first.options.map((option) => option.text).sort(), ['Canberra', 'Paris', 'Rome', 'Sydney']);
    }
  });

  it('shuffles choices differently across seeds (the correct answer is not always first)', () => {
    const firstTexts = new Set<string>();
    for (let seed = 0; seed < 40; seed += 1) {
      const view = toPublic(singleChoice, `seed-${seed}`);
      if (view.type === 'single_choice') firstTexts.add(view.options[0]?.text ?? '');
    }
    assert.ok(firstTexts.size >= 3, `first options seen: ${[...firstTexts].join(', ')}`);
  });

  it('keeps the authored order when shuffling is off', () => {
    const unshuffled = { ...singleChoice, shuffleAnswers: false };
    const view = toPublic(unshuffled, 'x');
    assert.deepEqual(view.type === 'single_choice' ? view.options.map((option) => option.text) : [], [
      'Canberra',
      'Sydney',
      'Paris',
      'Rome',
    ]);
  });

  it('shows matching stems in order and each distinct answer once, shuffled', () => {
    const view = toPublic(matching, 'seed') as Extract<PublicQuestion, { type: 'matching' }>;
    assert.deepEqual(
      view.stems.map((stem) => stem.text),
      ['CAP', 'Bac pro', 'BP', 'BTS'],
    );
    assert.deepEqual(view.answers.map((answer) => answer.text).sort(), ['level 3', 'level 4', 'level 5', 'level 8']);
  });

  it('never shows ordering items already in the right order', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const view = toPublic({ ...ordering, items: ['a', 'b'] }, `s${seed}`) as Extract<PublicQuestion, { type: 'ordering' }>;
      assert.deepEqual(
        view.items.map((item) => item.text),
        ['b', 'a'],
      );
    }
  });
});

describe('fromPublicResponse and toPublicResponse', () => {
  it('map opaque ids back to the answers the learner chose', () => {
    const seed = 'attempt-42';
    const view = toPublic(singleChoice, seed);
    assert.equal(view.type, 'single_choice');
    if (view.type !== 'single_choice') return;
    const canberra = view.options.find((option) => option.text === 'Canberra');
    const response = fromPublicResponse(singleChoice, seed, { type: 'single_choice', optionId: canberra?.id ?? null });
    assert.deepEqual(response, { type: 'single_choice', choice: 0 });
    assert.equal(grade(singleChoice, response).fraction, 1);
  });

  it('read forged ids, ids from another seed and responses of another type as no answer', () => {
    const otherView = toPublic(singleChoice, 'other');
    const otherId = otherView.type === 'single_choice' ? (otherView.options[0]?.id ?? null) : null;
    assert.deepEqual(fromPublicResponse(singleChoice, 'mine', { type: 'single_choice', optionId: otherId }), {
      type: 'single_choice',
      choice: null,
    });
    assert.deepEqual(fromPublicResponse(singleChoice, 'mine', { type: 'single_choice', optionId: '0' }), {
      type: 'single_choice',
      choice: null,
    });
    assert.deepEqual(fromPublicResponse(singleChoice, 'mine', { type: 'short_answer', text: 'Canberra' }), emptyResponse(singleChoice));
    assert.deepEqual(fromPublicResponse(matching, 'mine', { type: 'matching', matches: { __proto__: 'x', forged: 'y' } }), {
      type: 'matching',
      matches: [null, null, null, null],
    });
  });

  it('round trip the correct response of every type through the public ids', () => {
    const all: Question[] = [
      singleChoice,
      multipleChoice,
      trueFalse,
      shortAnswer,
      numerical,
      matching,
      ordering,
      cloze,
      essay,
      description,
    ];
    for (const question of all) {
      const correct = correctResponse(question);
      const publicResponse = toPublicResponse(question, 'seed-x', correct);
      const back = fromPublicResponse(question, 'seed-x', publicResponse);
      assert.deepEqual(grade(question, back), grade(question, correct), question.id);
      if (question.type !== 'matching') assert.deepEqual(back, correct, question.id);
    }
  });

  it('lets a learner answer matching and ordering by ids, as a form without drag-and-drop does', () => {
    const seed = 'keyboard';
    const matchingView = toPublic(matching, seed) as Extract<PublicQuestion, { type: 'matching' }>;
    const idOf = (text: string) => matchingView.answers.find((answer) => answer.text === text)?.id ?? null;
    const [cap, bac, bp, bts] = matchingView.stems.map((stem) => stem.id);
    const matches = {
      [cap ?? '']: idOf('level 3'),
      [bac ?? '']: idOf('level 4'),
      [bp ?? '']: idOf('level 4'),
      [bts ?? '']: idOf('level 8'),
    };
    assert.equal(grade(matching, fromPublicResponse(matching, seed, { type: 'matching', matches })).fraction, 0.75);

    const orderingView = toPublic(ordering, seed) as Extract<PublicQuestion, { type: 'ordering' }>;
    const ids = ['apply', 'select', 'leave', 'report'].map((text) => orderingView.items.find((item) => item.text === text)?.id ?? '');
    assert.equal(grade(ordering, fromPublicResponse(ordering, seed, { type: 'ordering', order: ids })).fraction, 1);
  });
});
