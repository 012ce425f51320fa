import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGift, toGift } from './gift.js';
import type { Question } from './types.js';

function parseOne(source: string): Question {
  const result = parseGift(source);
  assert.deepEqual(result.errors, []);
  assert.equal(result.questions.length, 1);
  return result.questions[0] as Question;
}

function expectType<T extends Question['type']>(question: Question, type: T): Extract<Question, { type: T }> {
  assert.equal(question.type, type);
  return question as Extract<Question, { type: T }>;
}

describe('GIFT import: every construct of the Moodle GIFT documentation', () => {
  it('reads a single-choice question with = and ~, per-answer feedback and general feedback', () => {
    const question = expectType(
      parseOne(`::Grant::Who's buried in Grant's tomb?{
=no one#Right, it is a mausoleum.
~Grant#No.
~Napoleon
####Grant and his wife are entombed, not buried.}`),
      'single_choice',
    );
    assert.equal(question.id, 'Grant');
    assert.equal(question.text, "Who's buried in Grant's tomb?");
    assert.equal(question.textAfter, '');
    assert.deepEqual(question.choices, [
      { text: 'no one', weight: 100, feedback: 'Right, it is a mausoleum.' },
      { text: 'Grant', weight: 0, feedback: 'No.' },
      { text: 'Napoleon', weight: 0, feedback: '' },
    ]);
    assert.equal(question.generalFeedback, 'Grant and his wife are entombed, not buried.');
    assert.equal(question.format, 'moodle');
    assert.equal(question.shuffleAnswers, true);
    assert.equal(question.defaultMark, 1);
  });

  it('reads answers written on one line', () => {
    const question = expectType(parseOne('Pick one {~a =b ~c}'), 'single_choice');
    assert.deepEqual(
      question.choices.map((choice) => [choice.text, choice.weight]),
      [
        ['a', 0],
        ['b', 100],
        ['c', 0],
      ],
    );
  });

  it('reads partial credit inside a single-choice question', () => {
    const question = expectType(parseOne('Capital of Australia?{=Canberra ~%50%Sydney#Close. ~Paris}'), 'single_choice');
    assert.deepEqual(
      question.choices.map((choice) => choice.weight),
      [100, 50, 0],
    );
  });

  it('reads a multiple-answer question with weights and negative marks', () => {
    const question = expectType(
      parseOne(`What two people are entombed in Grant's tomb? {
~%-100%No one#Wrong.
~%50%Grant#Yes.
~%50%Grant's wife#Yes.
~%-100%Grant's father
}`),
      'multiple_choice',
    );
    assert.deepEqual(
      question.choices.map((choice) => choice.weight),
      [-100, 50, 50, -100],
    );
    assert.equal(question.choices[0]?.feedback, 'Wrong.');
  });

  it('accepts weights such as 33.33333% that add up to 100', () => {
    const question = expectType(parseOne('Pick three {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}'), 'multiple_choice');
    assert.equal(question.choices[0]?.weight, 33.33333);
  });

  it('reads true/false in its four spellings', () => {
    for (const [source, expected] of [
      ['{T}', true],
      ['{TRUE}', true],
      ['{F}', false],
      ['{FALSE}', false],
    ] as const) {
      const question = expectType(parseOne(`Grant is buried in Grant's tomb.${source}`), 'true_false');
      assert.equal(question.correctAnswer, expected, source);
      assert.equal(question.feedbackTrue, '');
      assert.equal(question.feedbackFalse, '');
    }
  });

  it('reads true/false feedback: the first is for the wrong answer, the second for the right one', () => {
    const trueQuestion = expectType(parseOne('The sun rises in the east.{TRUE#No, it does.#Yes.####Always.}'), 'true_false');
    assert.equal(trueQuestion.correctAnswer, true);
    assert.equal(trueQuestion.feedbackFalse, 'No, it does.');
    assert.equal(trueQuestion.feedbackTrue, 'Yes.');
    assert.equal(trueQuestion.generalFeedback, 'Always.');
    const falseQuestion = expectType(parseOne('The sun rises in the west.{F#Wrong.#Right.}'), 'true_false');
    assert.equal(falseQuestion.feedbackTrue, 'Wrong.');
    assert.equal(falseQuestion.feedbackFalse, 'Right.');
  });

  it('reads short answers with several accepted answers, weights and a catch-all', () => {
    const question = expectType(
      parseOne(`Who's buried in Grant's tomb?{=no one#Yes =nobody =%50%the general#Half. =%0%*#No.}`),
      'short_answer',
    );
    assert.deepEqual(question.answers, [
      { text: 'no one', weight: 100, feedback: 'Yes' },
      { text: 'nobody', weight: 100, feedback: '' },
      { text: 'the general', weight: 50, feedback: 'Half.' },
      { text: '*', weight: 0, feedback: 'No.' },
    ]);
    assert.equal(question.caseSensitive, false);
  });

  it('reads matching pairs', () => {
    const question = expectType(
      parseOne(`Match the countries with their capitals. {
=Canada -> Ottawa
=Italy -> Rome
=Japan -> Tokyo
=India -> New Delhi
####Capitals.}`),
      'matching',
    );
    assert.deepEqual(question.pairs, [
      { stem: 'Canada', answer: 'Ottawa' },
      { stem: 'Italy', answer: 'Rome' },
      { stem: 'Japan', answer: 'Tokyo' },
      { stem: 'India', answer: 'New Delhi' },
    ]);
    assert.equal(question.generalFeedback, 'Capitals.');
  });

  it('reads a matching distractor written with an empty stem', () => {
    const question = expectType(parseOne('Match {=a -> 1 =b -> 2 = -> 3}'), 'matching');
    assert.deepEqual(question.pairs[2], { stem: '', answer: '3' });
  });

  it('reads the missing-word format: text before and after the answers', () => {
    const question = expectType(
      parseOne('Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.'),
      'single_choice',
    );
    assert.equal(question.text, 'Moodle costs ');
    assert.equal(question.textAfter, ' to download from moodle.org.');
    const shortAnswer = expectType(parseOne('Two plus two equals {=four =4}.'), 'short_answer');
    assert.equal(shortAnswer.text, 'Two plus two equals ');
    assert.equal(shortAnswer.textAfter, '.');
  });

  it('reads numerical answers with a tolerance', () => {
    const question = expectType(parseOne('::Q5::What is the value of pi (to 3 decimal places)? {#3.141:0.0005}'), 'numerical');
    assert.deepEqual(question.answers, [{ kind: 'exact', value: 3.141, tolerance: 0.0005, weight: 100, feedback: '' }]);
  });

  it('reads a numerical range, with and without feedback', () => {
    const plain = expectType(parseOne('Pi to 3 decimals? {#3.141..3.142}'), 'numerical');
    assert.deepEqual(plain.answers, [{ kind: 'range', min: 3.141, max: 3.142, weight: 100, feedback: '' }]);
    const withFeedback = expectType(parseOne('A number from 1 to 5? {#1..5#In range.}'), 'numerical');
    assert.deepEqual(withFeedback.answers, [{ kind: 'range', min: 1, max: 5, weight: 100, feedback: 'In range.' }]);
  });

  it('reads the one-line numerical example of the documentation', () => {
    const question = expectType(parseOne('When was Ulysses S. Grant born? {#=1822:0 =%50%1822:2}'), 'numerical');
    assert.deepEqual(
      question.answers.map((answer) => answer.weight),
      [100, 50],
    );
    const single = expectType(parseOne('What is pi? {#3.14159:0.0005#Close enough.}'), 'numerical');
    assert.equal(single.answers[0]?.feedback, 'Close enough.');
  });

  it('reads several numerical answers with weights, feedback, negative numbers and a catch-all', () => {
    const question = expectType(
      parseOne(`When was Ulysses S. Grant born? {#
=1822:0#Correct!
=%50%1822:2#Close.
=%25%-5..-1#Odd.
=%10%1.5e3
~#Grant was born in 1822.
####Born on 27 April 1822.}`),
      'numerical',
    );
    assert.deepEqual(question.answers, [
      { kind: 'exact', value: 1822, tolerance: 0, weight: 100, feedback: 'Correct!' },
      { kind: 'exact', value: 1822, tolerance: 2, weight: 50, feedback: 'Close.' },
      { kind: 'range', min: -5, max: -1, weight: 25, feedback: 'Odd.' },
      { kind: 'exact', value: 1500, tolerance: 0, weight: 10, feedback: '' },
      { kind: 'any', weight: 0, feedback: 'Grant was born in 1822.' },
    ]);
    assert.equal(question.generalFeedback, 'Born on 27 April 1822.');
  });

  it('reads an essay, with or without general feedback', () => {
    const essay = expectType(parseOne('Write a short biography of Dag Hammarskjöld. {}'), 'essay');
    assert.equal(essay.text, 'Write a short biography of Dag Hammarskjöld.');
    assert.equal(essay.generalFeedback, '');
    const withFeedback = expectType(parseOne('Describe your plan.{####Mention dates and places.}'), 'essay');
    assert.equal(withFeedback.generalFeedback, 'Mention dates and places.');
  });

  it('reads a description (no braces) that is never graded', () => {
    const description = expectType(parseOne('::intro::The next questions are about the budget.'), 'description');
    assert.equal(description.text, 'The next questions are about the budget.');
    assert.equal(description.defaultMark, 0);
  });

  it('reads the [html], [markdown], [plain] and [moodle] formats', () => {
    for (const [prefix, format] of [
      ['[html]', 'html'],
      ['[markdown]', 'markdown'],
      ['[plain]', 'plain'],
      ['[moodle]', 'moodle'],
    ] as const) {
      const question = parseOne(`::f::${prefix}Is **this** <b>bold</b>?{T}`);
      assert.equal(question.format, format);
      assert.equal(question.text, 'Is **this** <b>bold</b>?');
    }
    assert.equal(parseOne('[markdown]No title{T}').format, 'markdown');
    assert.equal(parseOne('[HTML]Upper case{T}').format, 'html');
    const bracketed = parseOne('[Important] Read the rules.{T}');
    assert.equal(bracketed.format, 'moodle');
    assert.equal(bracketed.text, '[Important] Read the rules.');
  });

  it('unescapes \\~ \\= \\# \\{ \\} \\: \\n and \\\\ in titles, texts, answers and feedback', () => {
    const question = expectType(
      parseOne(String.raw`::a\:b::Which is \{x\} \~ 1\=1 \# 2\: c\nnext\\?{=a\=b#fb\#1\: ok ~c\~d#e\{f\} ####g\=h\nline}`),
      'single_choice',
    );
    assert.equal(question.id, 'a:b');
    assert.equal(question.text, 'Which is {x} ~ 1=1 # 2: c\nnext\\?');
    assert.deepEqual(question.choices, [
      { text: 'a=b', weight: 100, feedback: 'fb#1: ok' },
      { text: 'c~d', weight: 0, feedback: 'e{f}' },
    ]);
    assert.equal(question.generalFeedback, 'g=h\nline');
  });

  it('skips comments, keeps [id:] and [tag:] from them, and reads $CATEGORY', () => {
    const result = parseGift(`// a file comment

$CATEGORY: $course$/top/Budget

// [tag:budget] [tag:easy]
// a comment inside the question block does not split it
::b1::
Travel is funded by
// another comment
{=distance band ~ticket price}.

// [id:B-2]
What is 2+2?{#4}

$CATEGORY: tom/dick/harry

Last one{T}
`);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.questions.map((question) => [question.id, question.category, question.tags]),
      [
        ['b1', '$course$/top/Budget', ['budget', 'easy']],
        ['B-2', '$course$/top/Budget', []],
        [result.questions[2]?.id, 'tom/dick/harry', []],
      ],
    );
    assert.equal(result.questions[0]?.text, 'Travel is funded by\n');
    assert.match(result.questions[2]?.id ?? '', /^q-[0-9a-f]{12}$/);
  });

  it('reads a question written right under its $CATEGORY line, and a title followed by spaces and a format', () => {
    const result = parseGift('$CATEGORY: a/b\n::q::  [html] <p>Hi</p>{T}');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.questions.map((question) => [question.id, question.category, question.format, question.text]),
      [['q', 'a/b', 'html', '<p>Hi</p>']],
    );
  });

  it('derives a stable id from the text when there is no title', () => {
    const first = parseOne('Untitled question{T}');
    const second = parseOne('Untitled question{T}');
    assert.equal(first.id, second.id);
    assert.notEqual(first.id, parseOne('Another question{T}').id);
  });

  it('separates questions by blank lines (also lines with spaces) and accepts CRLF and a BOM', () => {
    const result = parseGift('\uFEFF::a::One{T}\r\n   \r\n::b::Two{F}\r\n\r\n\r\n::c::Three{}');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.questions.map((question) => question.id),
      ['a', 'b', 'c'],
    );
  });
});

describe('GIFT import: the quick examples of the Moodle documentation', () => {
  it('parses them all into the expected types', () => {
    const result = parseGift(`// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}

The American holiday of Thanksgiving is celebrated on the {
    ~second
    ~third
    =fourth
} Thursday of November.

Since { ~495 AD =1066 AD ~1215 AD ~ 43 AD } the town of Hastings England has been "famous with visitors".`);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.questions.map((question) => `${question.id.startsWith('q-') ? 'untitled' : question.id}:${question.type}`),
      [
        'Q1:true_false',
        'Q2:single_choice',
        'Q3:short_answer',
        'Q4:matching',
        'Q5:numerical',
        'Q6:numerical',
        'Q7:numerical',
        'Q8:essay',
        'untitled:single_choice',
        'untitled:single_choice',
      ],
    );
    const q2 = result.questions[1];
    assert.deepEqual(q2?.type === 'single_choice' ? q2.choices[0] : null, { text: 'yellow', weight: 100, feedback: 'right; good!' });
    const q7 = result.questions[6];
    assert.deepEqual(q7?.type === 'numerical' ? q7.answers[1] : null, {
      kind: 'exact',
      value: 1822,
      tolerance: 2,
      weight: 50,
      feedback: 'He was born in 1822. Half credit for being close.',
    });
    assert.equal(result.questions[1]?.text, "What's between orange and green in the spectrum?");
    assert.equal(result.questions[8]?.textAfter, ' Thursday of November.');
    assert.equal(result.questions[9]?.text, 'Since ');
  });
});

describe('GIFT import: malformed files fail with the line of the fault', () => {
  const cases: { name: string; source: string; line: number; message: RegExp }[] = [
    {
      name: 'an answer block never closed',
      source: '::ok::Fine{T}\n\n::q::Which?{\n=a\n~b',
      line: 5,
      message: /syntax error/,
    },
    {
      name: 'a negative weight in a short answer',
      source: '::ok::Fine{T}\n\n\n::q::Say it{\n=yes\n=%-50%no\n}',
      line: 6,
      message: /Weight -50% is outside 0%..100%/,
    },
    {
      name: 'a weight above 100%',
      source: '::q::Pick{\n~%50%a\n~%150%b\n~%50%c\n}',
      line: 3,
      message: /Weight 150% is outside/,
    },
    {
      name: 'a numerical answer that is not a number',
      source: '::ok::Fine{T}\n\n::q::How many?{#\n=six\n}',
      line: 4,
      message: /syntax error/,
    },
    { name: 'a matching question with one pair', source: '\n\n::q::Match{=a -> b}', line: 3, message: /at least two pairs/ },
    {
      name: 'a matching question mixing ~ answers',
      source: '::q::Match{\n=a -> 1\n=b -> 2\n~c\n}',
      line: 4,
      message: /=stem -> answer/,
    },
    { name: 'a single choice without a correct answer', source: '::ok::Fine{T}\n\n::q::Pick{=%50%a ~b}', line: 3, message: /100%/ },
    {
      name: 'multiple-answer weights that do not add up to 100%',
      source: '::q::Pick several{\n~%50%a\n~%40%b\n~c\n}',
      line: 1,
      message: /add up to 100%/,
    },
    { name: 'a title that is never closed', source: '::ok::Fine{T}\n\n::q:Which{T}\n\n::r::More{T}', line: 3, message: /not closed by ::/ },
    { name: 'two answer blocks', source: '::q::First {=a ~b} then\n{=c ~d}', line: 2, message: /syntax error/ },
    { name: 'an unescaped closing brace in the text', source: '::ok::Fine{T}\n\n::q::A } here{T}', line: 3, message: /syntax error/ },
    { name: 'an empty numerical range', source: '::q::Range?{#\n=1..5\n=%50%9..3\n}', line: 3, message: /range 9..3 is empty/ },
    { name: 'three true/false feedbacks', source: '::q::Sky is blue{T#a#b#c}', line: 1, message: /at most two feedbacks/ },
    { name: 'a duplicate question id', source: '::q::One{T}\n\n::q::Two{F}', line: 3, message: /already used on line 1/ },
    { name: 'an empty $CATEGORY', source: '::ok::Fine{T}\n\n$CATEGORY:\n\n::q::Two{F}', line: 3, message: /category name/ },
    { name: 'a numerical question without a 100% answer', source: '::q::How many?{#\n=%50%3\n}', line: 1, message: /100%/ },
    { name: 'matching pairs with feedback', source: '::q::Match{\n=a -> 1\n=b -> 2#no\n}', line: 3, message: /cannot have feedback/ },
    { name: 'two questions without a blank line between them', source: '::a::One{T}\n::b::Two{F}', line: 2, message: /syntax error/ },
    { name: 'answers but no question text', source: '::q::{=a ~b}', line: 1, message: /no text/ },
  ];
  for (const testCase of cases) {
    it(`rejects ${testCase.name} (line ${testCase.line})`, () => {
      const result = parseGift(testCase.source);
      assert.ok(result.errors.length >= 1, 'an error is reported');
      const error = result.errors[0];
      assert.equal(error?.line, testCase.line, error?.message);
      assert.match(error?.message ?? '', testCase.message);
    });
  }

  it('reports every faulty question of a file, not only the first', () => {
    const result = parseGift('::a::Bad{=%50%x}\n\n::b::Good{T}\n\n::c::Also bad{~%200%y ~z}');
    assert.deepEqual(
      result.errors.map((error) => error.line),
      [1, 5],
    );
    assert.deepEqual(
      result.questions.map((question) => question.id),
      ['b'],
    );
  });
});

describe('GIFT export', () => {
  const everyType = `$CATEGORY: course/module

// [tag:basics]
::single::[markdown]Who's **buried** in Grant's tomb?{
=no one#Right\\: a mausoleum.
~%50%Grant#Half
~Napoleon
####General \\{feedback\\}.}

::multiple::Pick two{~%50%a#yes ~%50%b ~%-100%c#no ####Two.}

::tf1::The sky is blue.{TRUE#Look up.#Yes.####Rayleigh.}

::tf2::The sky is green.{F##Right.}

::tf3::Water is wet.{T#Wrong}

::short::Two plus two equals {=four#Yes =4 =%50%quatre =%0%*#No. ####Arithmetic.}.

::numerical::Grant's birth year?{#
=1822:0#Correct
=%50%1822:2
=1820..1824#Range
~%10%#Anything
####April 1822.}

::matching::Match {=Canada -> Ottawa =Italy -> Rome = -> Paris ####Capitals.}

::essay::[html]<p>Write about Dag.</p>{####Mention the UN.}

::essay2::Plain essay{}

::description::Read the following\\: it matters.

::missing::Moodle costs {~lots =nothing} to download.

::escapes::Line\\none \\\\ back # hash = equal ~ tilde{=a\\=b\\#c\\~d\\{e\\}f\\:g#h\\\\i ~z}
`;

  it('round trips every type GIFT can express: parse → export → parse gives equal questions', () => {
    const first = parseGift(everyType);
    assert.deepEqual(first.errors, []);
    assert.equal(first.questions.length, 13);
    const exported = toGift(first.questions);
    const second = parseGift(exported);
    assert.deepEqual(second.errors, []);
    assert.deepEqual(second.questions, first.questions);
    assert.equal(toGift(second.questions), exported);
  });

  it('writes the category once, tags as a comment, the format and escaped text', () => {
    const exported = toGift(parseGift(everyType).questions);
    assert.equal(exported.match(/\$CATEGORY: course\/module/g)?.length, 1);
    assert.match(exported, /\/\/ \[tag:basics\]\n::single::\[markdown\]Who's \*\*buried\*\* in Grant's tomb\?\{/);
    assert.match(exported, /::escapes::Line\\none \\\\ back \\# hash \\= equal \\~ tilde\{/);
  });

  it('says in a comment which questions GIFT cannot express', () => {
    const questions = parseGift('::a::Kept{T}').questions;
    const ordering: Question = {
      id: 'order',
      category: '',
      tags: [],
      text: 'Sort',
      textAfter: '',
      format: 'moodle',
      generalFeedback: '',
      defaultMark: 1,
      type: 'ordering',
      items: ['one', 'two'],
    };
    const exported = toGift([...questions, ordering]);
    assert.match(exported, /\/\/ Question order is not exported: ordering questions have no GIFT syntax/);
    const reparsed = parseGift(exported);
    assert.deepEqual(reparsed.errors, []);
    assert.deepEqual(
      reparsed.questions.map((question) => question.id),
      ['a'],
    );
  });
});
