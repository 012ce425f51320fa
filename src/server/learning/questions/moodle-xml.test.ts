import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClozeText, toClozeText } from './cloze.js';
import { parseGift } from './gift.js';
import { parseMoodleXml, toMoodleXml } from './moodle-xml.js';
import type { Question, QuestionOfType } from './types.js';

/** A Moodle 4 export, trimmed to the elements Moodle writes for each type. */
const moodleExport = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Safety</text>
    </category>
    <info format="moodle_auto_format">
      <text>Safety questions</text>
    </info>
  </question>

  <question type="multichoice">
    <name>
      <text>emergency-number</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Which number reaches emergency services <b>anywhere</b> in the EU?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>112 works in every EU country.</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="100" format="html">
      <text>112</text>
      <feedback format="html">
        <text>Yes.</text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>911</text>
      <feedback format="html">
        <text>That is North America.</text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>15 &amp; 18</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <tags>
      <tag><text>emergency</text></tag>
      <tag><text>easy</text></tag>
    </tags>
  </question>

  <question type="multichoice">
    <name><text>documents</text></name>
    <questiontext format="moodle_auto_format"><text>Which documents travel with you?</text></questiontext>
    <generalfeedback format="moodle_auto_format"><text></text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <single>false</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="50"><text>ID card</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="50"><text>European Health Insurance Card</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="-100"><text>Birth certificate</text><feedback><text>No.</text></feedback></answer>
  </question>

  <question type="truefalse">
    <name><text>alone-at-night</text></name>
    <questiontext format="plain_text"><text>A minor may go out alone at night.</text></questiontext>
    <generalfeedback format="plain_text"><text>See the rules.</text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <answer fraction="0" format="moodle_auto_format"><text>true</text><feedback format="moodle_auto_format"><text>No.</text></feedback></answer>
    <answer fraction="100" format="moodle_auto_format"><text>false</text><feedback format="moodle_auto_format"><text>Right.</text></feedback></answer>
  </question>

  <question type="shortanswer">
    <name><text>card</text></name>
    <questiontext format="markdown"><text>The **EHIC** is the European ... card</text></questiontext>
    <generalfeedback format="markdown"><text></text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <usecase>0</usecase>
    <answer fraction="100"><text>Health Insurance</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="50"><text>*insurance*</text><feedback><text>Almost.</text></feedback></answer>
  </question>

  <question type="numerical">
    <name><text>minutes</text></name>
    <questiontext format="html"><text>How many minutes?</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <answer fraction="100"><text>15</text><tolerance>2</tolerance><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0"><text>*</text><tolerance>0</tolerance><feedback><text>No.</text></feedback></answer>
    <units></units>
  </question>

  <question type="matching">
    <name><text>numbers</text></name>
    <questiontext format="html"><text>Match the numbers.</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html"><text>Police (France)</text><answer><text>17</text></answer></subquestion>
    <subquestion format="html"><text>Ambulance (France)</text><answer><text>15</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>118</text></answer></subquestion>
  </question>

  <question type="essay">
    <name><text>plan</text></name>
    <questiontext format="html"><text>Describe your safety plan.</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>5</defaultgrade>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <attachments>0</attachments>
    <graderinfo format="html"><text>Look for contacts and a meeting point.</text></graderinfo>
    <responsetemplate format="html"><text>My plan:</text></responsetemplate>
  </question>

  <question type="category">
    <category><text>$course$/top/Safety/Cloze</text></category>
  </question>

  <question type="cloze">
    <name><text>gaps</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Call {1:MULTICHOICE:=112#Yes~%50%15#Only in France~911} or {2:SHORTANSWER_C:=SAMU#Yes~*#No}; it takes {1:NUMERICAL:=15:2#Good~%50%20:5~*#No} minutes. Bring {1:MRS:%50%ID~%50%EHIC~%-100%cash} and {1:MCV:=yes~no}.</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
  </question>

  <question type="ordering">
    <name><text>steps</text></name>
    <questiontext format="html"><text>Put the steps in order.</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <layouttype>VERTICAL</layouttype>
    <selecttype>ALL</selecttype>
    <answer fraction="2.0000000" format="moodle_auto_format"><text>Call</text></answer>
    <answer fraction="1.0000000" format="moodle_auto_format"><text>Secure</text></answer>
    <answer fraction="3.0000000" format="moodle_auto_format"><text>Wait</text></answer>
  </question>

  <question type="description">
    <name><text>intro</text></name>
    <questiontext format="html"><text>Read before answering.</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>0</defaultgrade>
  </question>
</quiz>
`;

function byId<T extends Question['type']>(questions: Question[], id: string, type: T): QuestionOfType<T> {
  const question = questions.find((candidate) => candidate.id === id);
  assert.equal(question?.type, type, id);
  return question as QuestionOfType<T>;
}

describe('Moodle XML import: every listed type', () => {
  const result = parseMoodleXml(moodleExport);

  it('reads the whole file without errors', () => {
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.questions.map((question) => `${question.id}:${question.type}`),
      [
        'emergency-number:single_choice',
        'documents:multiple_choice',
        'alone-at-night:true_false',
        'card:short_answer',
        'minutes:numerical',
        'numbers:matching',
        'plan:essay',
        'gaps:cloze',
        'steps:ordering',
        'intro:description',
      ],
    );
  });

  it('reads a single-choice multichoice with CDATA, entities, formats, grades and tags', () => {
    const question = byId(result.questions, 'emergency-number', 'single_choice');
    assert.equal(question.category, '$course$/top/Safety');
    assert.equal(question.text, '<p>Which number reaches emergency services <b>anywhere</b> in the EU?</p>');
    assert.equal(question.format, 'html');
    assert.equal(question.generalFeedback, '<p>112 works in every EU country.</p>');
    assert.equal(question.defaultMark, 2);
    assert.deepEqual(question.tags, ['emergency', 'easy']);
    assert.deepEqual(question.choices, [
      { text: '112', weight: 100, feedback: 'Yes.' },
      { text: '911', weight: 0, feedback: 'That is North America.' },
      { text: '15 & 18', weight: 0, feedback: '' },
    ]);
    assert.equal(question.shuffleAnswers, true);
  });

  it('reads a multiple-answer multichoice with negative marks', () => {
    const question = byId(result.questions, 'documents', 'multiple_choice');
    assert.deepEqual(
      question.choices.map((choice) => choice.weight),
      [50, 50, -100],
    );
    assert.equal(question.shuffleAnswers, false);
    assert.equal(question.format, 'moodle');
  });

  it('reads true/false with the feedback of each value', () => {
    const question = byId(result.questions, 'alone-at-night', 'true_false');
    assert.equal(question.correctAnswer, false);
    assert.equal(question.feedbackTrue, 'No.');
    assert.equal(question.feedbackFalse, 'Right.');
    assert.equal(question.format, 'plain');
  });

  it('reads short answers and numerical answers with tolerance and a catch-all', () => {
    const card = byId(result.questions, 'card', 'short_answer');
    assert.equal(card.format, 'markdown');
    assert.equal(card.caseSensitive, false);
    assert.deepEqual(card.answers[1], { text: '*insurance*', weight: 50, feedback: 'Almost.' });
    const minutes = byId(result.questions, 'minutes', 'numerical');
    assert.deepEqual(minutes.answers, [
      { kind: 'exact', value: 15, tolerance: 2, weight: 100, feedback: 'Yes.' },
      { kind: 'any', weight: 0, feedback: 'No.' },
    ]);
  });

  it('reads matching with a distractor, essay with template and grader info', () => {
    const numbers = byId(result.questions, 'numbers', 'matching');
    assert.deepEqual(numbers.pairs, [
      { stem: 'Police (France)', answer: '17' },
      { stem: 'Ambulance (France)', answer: '15' },
      { stem: '', answer: '118' },
    ]);
    const plan = byId(result.questions, 'plan', 'essay');
    assert.equal(plan.responseTemplate, 'My plan:');
    assert.equal(plan.graderInfo, 'Look for contacts and a meeting point.');
    assert.equal(plan.defaultMark, 5);
  });

  it('reads cloze with MULTICHOICE, SHORTANSWER_C, NUMERICAL, MRS and MCV gaps under its own category', () => {
    const gaps = byId(result.questions, 'gaps', 'cloze');
    assert.equal(gaps.category, '$course$/top/Safety/Cloze');
    assert.equal(gaps.text, '<p>Call {#1} or {#2}; it takes {#3} minutes. Bring {#4} and {#5}.</p>');
    assert.deepEqual(gaps.gaps, [
      {
        kind: 'single_choice',
        display: 'dropdown',
        shuffleAnswers: false,
        mark: 1,
        choices: [
          { text: '112', weight: 100, feedback: 'Yes' },
          { text: '15', weight: 50, feedback: 'Only in France' },
          { text: '911', weight: 0, feedback: '' },
        ],
      },
      {
        kind: 'short_answer',
        caseSensitive: true,
        mark: 2,
        answers: [
          { text: 'SAMU', weight: 100, feedback: 'Yes' },
          { text: '*', weight: 0, feedback: 'No' },
        ],
      },
      {
        kind: 'numerical',
        mark: 1,
        answers: [
          { kind: 'exact', value: 15, tolerance: 2, weight: 100, feedback: 'Good' },
          { kind: 'exact', value: 20, tolerance: 5, weight: 50, feedback: '' },
          { kind: 'any', weight: 0, feedback: 'No' },
        ],
      },
      {
        kind: 'multiple_choice',
        display: 'vertical',
        shuffleAnswers: true,
        mark: 1,
        choices: [
          { text: 'ID', weight: 50, feedback: '' },
          { text: 'EHIC', weight: 50, feedback: '' },
          { text: 'cash', weight: -100, feedback: '' },
        ],
      },
      {
        kind: 'single_choice',
        display: 'vertical',
        shuffleAnswers: false,
        mark: 1,
        choices: [
          { text: 'yes', weight: 100, feedback: '' },
          { text: 'no', weight: 0, feedback: '' },
        ],
      },
    ]);
  });

  it('reads qtype_ordering items in their correct positions and a description worth 0', () => {
    assert.deepEqual(byId(result.questions, 'steps', 'ordering').items, ['Secure', 'Call', 'Wait']);
    assert.equal(byId(result.questions, 'intro', 'description').defaultMark, 0);
  });
});

describe('Moodle XML export', () => {
  it('round trips every type: import → export → import gives equal questions', () => {
    const first = parseMoodleXml(moodleExport);
    assert.deepEqual(first.errors, []);
    const exported = toMoodleXml(first.questions);
    const second = parseMoodleXml(exported);
    assert.deepEqual(second.errors, []);
    assert.deepEqual(second.questions, first.questions);
    assert.equal(toMoodleXml(second.questions), exported);
  });

  it('carries GIFT questions over, missing word included; a range becomes midpoint ± half width', () => {
    const gift = parseGift(`$CATEGORY: a/b

::mw::Moodle costs {~lots =nothing} to download.

::range::Pick a number{#
=1..5#In range
~#No
}

::esc::Less < more & "quotes"{=a<b#c&d ~e}`);
    assert.deepEqual(gift.errors, []);
    const back = parseMoodleXml(toMoodleXml(gift.questions));
    assert.deepEqual(back.errors, []);
    assert.deepEqual(back.questions[0], gift.questions[0]);
    assert.deepEqual(back.questions[2], gift.questions[2]);
    const range = back.questions[1];
    assert.equal(range?.type, 'numerical');
    if (range?.type === 'numerical') {
      assert.deepEqual(range.answers[0], { kind: 'exact', value: 3, tolerance: 2, weight: 100, feedback: 'In range' });
    }
  });

  it('writes the Moodle type names and one category element per category change', () => {
    const exported = toMoodleXml(parseMoodleXml(moodleExport).questions);
    for (const type of ['multichoice', 'truefalse', 'shortanswer', 'numerical', 'matching', 'essay', 'cloze', 'ordering', 'description']) {
      assert.match(exported, new RegExp(`<question type="${type}">`));
    }
    assert.equal(exported.match(/<question type="category">/g)?.length, 2);
    assert.match(exported, /\{1:MULTICHOICE:=112#Yes~%50%15#Only in France~911\}/);
    assert.match(exported, /\{2:SHORTANSWER_C:=SAMU#Yes~\*#No\}/);
    assert.match(exported, /\{1:MULTIRESPONSE_S:%50%ID~%50%EHIC~%-100%cash\}/);
  });
});

describe('Moodle XML import errors carry the line of the question', () => {
  const wrap = (body: string) => `<?xml version="1.0"?>\n<quiz>\n${body}\n</quiz>`;
  const cases: { name: string; source: string; line: number; message: RegExp }[] = [
    {
      name: 'broken XML',
      source: wrap('<question type="truefalse">\n<name><text>x</text></name>\n</quiz>'),
      line: 5,
      message: /XML error/,
    },
    { name: 'no quiz element', source: '<?xml version="1.0"?>\n<questions/>', line: 1, message: /no <quiz>/ },
    {
      name: 'an unsupported type',
      source: wrap('<question type="calculated">\n<name><text>c</text></name><questiontext><text>2+2</text></questiontext></question>'),
      line: 3,
      message: /"calculated" is not supported/,
    },
    {
      name: 'a single choice without a 100% answer',
      source: wrap(
        '<question type="truefalse"><name><text>ok</text></name><questiontext><text>t</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>\n\n<question type="multichoice"><name><text>m</text></name><questiontext><text>Pick</text></questiontext><answer fraction="50"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>',
      ),
      line: 5,
      message: /100%/,
    },
    {
      name: 'a fraction out of range',
      source: wrap(
        '<question type="shortanswer"><name><text>s</text></name><questiontext><text>Say</text></questiontext>\n<answer fraction="150"><text>a</text></answer></question>',
      ),
      line: 3,
      message: /outside -100..100/,
    },
    {
      name: 'a cloze gap of an unknown type',
      source: wrap(
        '\n<question type="cloze"><name><text>c</text></name><questiontext><text>A {1:DROPDOWN:=a~b} gap</text></questiontext></question>',
      ),
      line: 4,
      message: /Unknown embedded question type DROPDOWN/,
    },
    {
      name: 'a numerical answer that is not a number',
      source: wrap(
        '<question type="numerical"><name><text>n</text></name><questiontext><text>How many?</text></questiontext><answer fraction="100"><text>ten</text></answer></question>',
      ),
      line: 3,
      message: /"ten" is not a number/,
    },
    {
      name: 'a duplicate name',
      source: wrap(
        '<question type="essay"><name><text>e</text></name><questiontext><text>One</text></questiontext></question>\n<question type="essay"><name><text>e</text></name><questiontext><text>Two</text></questiontext></question>',
      ),
      line: 4,
      message: /already used on line 3/,
    },
  ];
  for (const testCase of cases) {
    it(`rejects ${testCase.name}`, () => {
      const result = parseMoodleXml(testCase.source);
      const error = result.errors[0];
      assert.ok(error, 'an error is reported');
      assert.equal(error.line, testCase.line, error.message);
      assert.match(error.message, testCase.message);
    });
  }
});

describe('Moodle XML safety', () => {
  it('does not expand nested DOCTYPE entities (billion laughs)', () => {
    const levels = Array.from({ length: 8 }, (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`).join('\n');
    const source = `<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY l0 "lol">\n${levels}\n]>\n<quiz><question type="essay"><name><text>e</text></name><questiontext><text>&l8;</text></questiontext></question></quiz>`;
    const started = performance.now();
    const result = parseMoodleXml(source);
    assert.ok(performance.now() - started < 1000);
    assert.ok((result.questions[0]?.text.length ?? 0) < 1000);
  });
});

describe('cloze embedded syntax', () => {
  it('reads every sub-question type name and its options', () => {
    const names = {
      MC: ['single_choice', 'dropdown', false],
      MCS: ['single_choice', 'dropdown', true],
      MULTICHOICE_S: ['single_choice', 'dropdown', true],
      MCV: ['single_choice', 'vertical', false],
      MULTICHOICE_VS: ['single_choice', 'vertical', true],
      MCH: ['single_choice', 'horizontal', false],
      MCHS: ['single_choice', 'horizontal', true],
      MR: ['multiple_choice', 'vertical', false],
      MULTIRESPONSE_H: ['multiple_choice', 'horizontal', false],
      MRHS: ['multiple_choice', 'horizontal', true],
    } as const;
    for (const [name, [kind, display, shuffle]] of Object.entries(names)) {
      const { gaps } = parseClozeText(`x {:${name}:=a~%50%b} y`);
      const gap = gaps[0];
      assert.equal(gap?.kind, kind, name);
      if (gap?.kind === 'single_choice' || gap?.kind === 'multiple_choice') {
        assert.equal(gap.display, display, name);
        assert.equal(gap.shuffleAnswers, shuffle, name);
        assert.equal(gap.mark, 1, name);
      }
    }
    for (const [name, caseSensitive] of [
      ['SA', false],
      ['MW', false],
      ['SAC', true],
      ['MWC', true],
    ] as const) {
      const gap = parseClozeText(`{2:${name}:=a}`).gaps[0];
      assert.equal(gap?.kind === 'short_answer' && gap.caseSensitive, caseSensitive, name);
    }
    assert.equal(parseClozeText('{1:NM:=1:0.1}').gaps[0]?.kind, 'numerical');
  });

  it('unescapes \\} \\# \\~ \\/ \\" and \\\\ inside answers and writes them back', () => {
    const source = String.raw`Say {1:SHORTANSWER:=a\}b\#c\~d\/e\"f\\g#fb\~x}!`;
    const parsed = parseClozeText(source);
    assert.deepEqual(parsed.gaps[0], {
      kind: 'short_answer',
      caseSensitive: false,
      mark: 1,
      answers: [{ text: 'a}b#c~d/e"f\\g', weight: 100, feedback: 'fb~x' }],
    });
    assert.deepEqual(parseClozeText(toClozeText(parsed.text, parsed.gaps)), parsed);
  });

  it('leaves ordinary braces alone and rejects a text without gaps or with an unclosed gap', () => {
    assert.equal(parseClozeText('a {b} {1:SA:=c}').text, 'a {b} {#1}');
    assert.throws(() => parseClozeText('no gaps {here}'), /at least one embedded answer/);
    assert.throws(() => parseClozeText('x {1:SA:=a'), /not closed/);
    assert.throws(() => parseClozeText('x {1:MC:~a~b}'), /100%/);
    assert.throws(() => parseClozeText('x {1:NM:=abc}'), /not a number/);
  });
});
