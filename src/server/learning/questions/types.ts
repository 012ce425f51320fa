/**
 * Question engine — the shared vocabulary of questions, learner responses and grades.
 *
 * Pure TypeScript: no database, no HTTP. Modules in this folder:
 * - `gift.ts`        parseGift(source) → { questions, errors }; toGift(questions)
 * - `moodle-xml.ts`  parseMoodleXml(source) → { questions, errors }; toMoodleXml(questions)
 * - `cloze.ts`       Moodle's embedded-answer syntax `{1:SHORTANSWER:=a}` ↔ cloze gaps
 * - `interchange.ts` parseQuestionFile(fileName, source) picks GIFT or Moodle XML;
 *                    exportQuestions(format, questions)
 * - `grading.ts`     grade(question, response) → GradeResult (server only);
 *                    toPublic(question, seed) → PublicQuestion (safe for the browser);
 *                    fromPublicResponse / toPublicResponse translate between the opaque option ids
 *                    the browser sees and the internal indexes used by `Response`;
 *                    correctResponse(question) for review pages and tests.
 *
 * Conventions
 * - `id` is stable across languages and exports: the GIFT title (`::c1-1-q01::`) or the Moodle name.
 * - `text`, answer texts and feedback keep the SOURCE text (already unescaped from GIFT, but not
 *   rendered): `format` tells how to render it (Markdown, HTML, plain, or Moodle auto-format).
 *   Rendering and HTML sanitising belong to the page, never to the parser.
 * - `textAfter` is the text after the answer block of a GIFT "missing word" question
 *   (`The {=cat ~dog} sat on the mat` → text "The ", textAfter " sat on the mat"); '' otherwise.
 * - Weights are percentages as authored (`~%50%` → 50, `~%-100%` → -100, `=` → 100, `~` → 0),
 *   kept as written so export→import round trips exactly.
 * - `Response` uses internal positions (indexes into the question's own arrays, in authored order).
 *   The browser never sees those: it sees `PublicQuestion` options with opaque ids derived from a
 *   per-attempt seed, and submits a `PublicResponse`; `fromPublicResponse` maps it back.
 * - A `GradeResult.fraction` is always within 0..1 (negative marks are floored at 0 per question).
 */

export type QuestionType =
  | 'single_choice'
  | 'multiple_choice'
  | 'true_false'
  | 'short_answer'
  | 'numerical'
  | 'matching'
  | 'ordering'
  | 'cloze'
  | 'essay'
  | 'description';

export const questionTypes = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'short_answer',
  'numerical',
  'matching',
  'ordering',
  'cloze',
  'essay',
  'description',
] as const satisfies readonly QuestionType[];

/** `moodle` is Moodle's auto-format (plain text with line breaks and links). */
export type TextFormat = 'moodle' | 'html' | 'markdown' | 'plain';

interface QuestionBase {
  /** Stable identifier: GIFT title or Moodle name (derived from the text when absent). */
  id: string;
  /** Category path as written after `$CATEGORY:` (e.g. `coach-kit/c1-1`); '' when none. */
  category: string;
  tags: string[];
  text: string;
  /** Text after the answer block for GIFT "missing word" questions; '' otherwise. */
  textAfter: string;
  format: TextFormat;
  /** Shown to every learner after answering, whatever the answer (GIFT `####`). */
  generalFeedback: string;
  /** Relative weight of the question in a quiz (Moodle `defaultgrade`); 1 by default. */
  defaultMark: number;
}

export interface Choice {
  text: string;
  /** Percentage from -100 to 100. */
  weight: number;
  feedback: string;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single_choice';
  choices: Choice[];
  shuffleAnswers: boolean;
}

/** Several answers may be ticked; the fraction is the sum of the ticked weights, floored at 0. */
export interface MultipleChoiceQuestion extends QuestionBase {
  type: 'multiple_choice';
  choices: Choice[];
  shuffleAnswers: boolean;
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true_false';
  correctAnswer: boolean;
  /** Shown when the learner answers "true". */
  feedbackTrue: string;
  /** Shown when the learner answers "false". */
  feedbackFalse: string;
}

export interface ShortAnswer {
  /** Accepted text; `*` is a wildcard matching any run of characters (`*` alone matches anything). */
  text: string;
  /** Percentage from 0 to 100. */
  weight: number;
  feedback: string;
}

export interface ShortAnswerQuestion extends QuestionBase {
  type: 'short_answer';
  answers: ShortAnswer[];
  /** false by default: `Erasmus Plan` accepts `erasmus plan`. */
  caseSensitive: boolean;
}

export type NumericalAnswerValue =
  | { kind: 'exact'; value: number; tolerance: number }
  | { kind: 'range'; min: number; max: number }
  /** Matches any number (GIFT `~#feedback` in a numerical question, Moodle answer `*`). */
  | { kind: 'any' };

export type NumericalAnswer = NumericalAnswerValue & {
  /** Percentage from 0 to 100. */
  weight: number;
  feedback: string;
};

export interface NumericalQuestion extends QuestionBase {
  type: 'numerical';
  answers: NumericalAnswer[];
}

export interface MatchingPair {
  /** '' for an extra distractor answer with no stem (Moodle allows it). */
  stem: string;
  answer: string;
}

export interface MatchingQuestion extends QuestionBase {
  type: 'matching';
  pairs: MatchingPair[];
  shuffleAnswers: boolean;
}

export interface OrderingQuestion extends QuestionBase {
  type: 'ordering';
  /** In the correct order. */
  items: string[];
}

/** One embedded sub-question of a cloze question (`{1:MULTICHOICE:=a~b}`). */
export type ClozeGap =
  | {
      kind: 'single_choice';
      mark: number;
      /** MULTICHOICE / MC (dropdown), MCV (vertical radios), MCH (horizontal radios). */
      display: 'dropdown' | 'vertical' | 'horizontal';
      shuffleAnswers: boolean;
      choices: Choice[];
    }
  | {
      kind: 'multiple_choice';
      mark: number;
      display: 'vertical' | 'horizontal';
      shuffleAnswers: boolean;
      choices: Choice[];
    }
  | { kind: 'short_answer'; mark: number; caseSensitive: boolean; answers: ShortAnswer[] }
  | { kind: 'numerical'; mark: number; answers: NumericalAnswer[] };

export type ClozeGapKind = ClozeGap['kind'];

export interface ClozeQuestion extends QuestionBase {
  type: 'cloze';
  /** Text with `{#1}`, `{#2}` … placeholders, one per gap (1-based, in `gaps` order). */
  text: string;
  gaps: ClozeGap[];
}

export interface EssayQuestion extends QuestionBase {
  type: 'essay';
  /** Pre-filled answer text. */
  responseTemplate: string;
  /** Guidance for the trainer who grades. */
  graderInfo: string;
}

/** Text only (instructions between questions); never graded. */
export interface DescriptionQuestion extends QuestionBase {
  type: 'description';
}

export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | ShortAnswerQuestion
  | NumericalQuestion
  | MatchingQuestion
  | OrderingQuestion
  | ClozeQuestion
  | EssayQuestion
  | DescriptionQuestion;

export type QuestionOfType<T extends QuestionType> = Extract<Question, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Responses (server side, internal positions)
// ---------------------------------------------------------------------------------------------

/** Index into `choices`, or null when nothing is chosen. */
export interface SingleChoiceResponse {
  type: 'single_choice';
  choice: number | null;
}
/** Indexes into `choices`. */
export interface MultipleChoiceResponse {
  type: 'multiple_choice';
  choices: number[];
}
export interface TrueFalseResponse {
  type: 'true_false';
  value: boolean | null;
}
export interface ShortAnswerResponse {
  type: 'short_answer';
  text: string;
}
/** The text as typed (kept for the review page); `1,5` and `1.5` are both read as 1.5. */
export interface NumericalResponse {
  type: 'numerical';
  text: string;
}
/**
 * One entry per pair WITH a stem, in `pairs` order (distractor pairs are skipped): the index into
 * `pairs` of the chosen answer, or null. Two pairs with the same answer text are interchangeable.
 */
export interface MatchingResponse {
  type: 'matching';
  matches: (number | null)[];
}
/** The learner's order, as indexes into `items`. */
export interface OrderingResponse {
  type: 'ordering';
  order: number[];
}
export type ClozeGapResponse =
  | { kind: 'single_choice'; choice: number | null }
  | { kind: 'multiple_choice'; choices: number[] }
  | { kind: 'short_answer'; text: string }
  | { kind: 'numerical'; text: string };
/** One entry per gap, in `gaps` order. */
export interface ClozeResponse {
  type: 'cloze';
  gaps: ClozeGapResponse[];
}
export interface EssayResponse {
  type: 'essay';
  text: string;
}
export interface DescriptionResponse {
  type: 'description';
}

export type Response =
  | SingleChoiceResponse
  | MultipleChoiceResponse
  | TrueFalseResponse
  | ShortAnswerResponse
  | NumericalResponse
  | MatchingResponse
  | OrderingResponse
  | ClozeResponse
  | EssayResponse
  | DescriptionResponse;

export type ResponseOfType<T extends QuestionType> = Extract<Response, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Grades
// ---------------------------------------------------------------------------------------------

/** One graded part: a ticked choice, a matching stem, an ordering position or a cloze gap. */
export interface PartGrade {
  /** 0..1 for this part (a ticked multiple-choice answer may carry a negative weight: -1..1). */
  fraction: number;
  isCorrect: boolean;
  feedback: string;
}

export interface GradeResult {
  /** 0..1, negative marks floored at 0. 0 for an essay until a trainer grades it. */
  fraction: number;
  /** fraction === 1. */
  isCorrect: boolean;
  /** 0 < fraction < 1. */
  isPartiallyCorrect: boolean;
  needsManualGrading: boolean;
  /** Feedback of each answer the learner gave, in authored order; empty entries dropped. */
  feedback: string[];
  /** Per part results for multiple choice (per ticked choice), matching, ordering and cloze. */
  parts: PartGrade[];
  generalFeedback: string;
}

// ---------------------------------------------------------------------------------------------
// What the browser may see before submission
// ---------------------------------------------------------------------------------------------

/** An option as shown to the learner: an opaque id (stable for one seed) and its text. */
export interface PublicOption {
  id: string;
  text: string;
}

interface PublicQuestionBase {
  id: string;
  text: string;
  textAfter: string;
  format: TextFormat;
  defaultMark: number;
}

export type PublicClozeGap =
  | { kind: 'single_choice'; display: 'dropdown' | 'vertical' | 'horizontal'; options: PublicOption[] }
  | { kind: 'multiple_choice'; display: 'vertical' | 'horizontal'; options: PublicOption[] }
  | { kind: 'short_answer' }
  | { kind: 'numerical' };

export type PublicQuestion =
  | (PublicQuestionBase & { type: 'single_choice'; options: PublicOption[] })
  | (PublicQuestionBase & { type: 'multiple_choice'; options: PublicOption[] })
  | (PublicQuestionBase & { type: 'true_false' })
  | (PublicQuestionBase & { type: 'short_answer' })
  | (PublicQuestionBase & { type: 'numerical' })
  | (PublicQuestionBase & {
      type: 'matching';
      /** In authored order. */
      stems: PublicOption[];
      /** Shuffled, each distinct answer text once. */
      answers: PublicOption[];
    })
  | (PublicQuestionBase & { type: 'ordering'; items: PublicOption[] })
  | (PublicQuestionBase & { type: 'cloze'; gaps: PublicClozeGap[] })
  | (PublicQuestionBase & { type: 'essay'; responseTemplate: string })
  | (PublicQuestionBase & { type: 'description' });

export type PublicQuestionOfType<T extends QuestionType> = Extract<PublicQuestion, { type: T }>;

/** What a form submits, in terms of the opaque ids of `PublicQuestion`. */
export type PublicClozeGapResponse =
  | { kind: 'single_choice'; optionId: string | null }
  | { kind: 'multiple_choice'; optionIds: string[] }
  | { kind: 'short_answer'; text: string }
  | { kind: 'numerical'; text: string };

export type PublicResponse =
  | { type: 'single_choice'; optionId: string | null }
  | { type: 'multiple_choice'; optionIds: string[] }
  | { type: 'true_false'; value: boolean | null }
  | { type: 'short_answer'; text: string }
  | { type: 'numerical'; text: string }
  /** stem id → answer id (or null). */
  | { type: 'matching'; matches: Record<string, string | null> }
  /** Item ids in the learner's order. */
  | { type: 'ordering'; order: string[] }
  | { type: 'cloze'; gaps: PublicClozeGapResponse[] }
  | { type: 'essay'; text: string }
  | { type: 'description' };

// ---------------------------------------------------------------------------------------------
// Import results
// ---------------------------------------------------------------------------------------------

export interface QuestionParseError {
  /** 1-based line in the source file. */
  line: number;
  /** 1-based column when known. */
  column?: number;
  message: string;
}

/** A file with any error must import nothing: callers check `errors.length === 0`. */
export interface QuestionParseResult {
  questions: Question[];
  errors: QuestionParseError[];
}
