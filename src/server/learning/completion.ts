import type { CompletionRule, Translations } from '../db/schema/index.js';

/** What the rule needs to know about a course: its modules, lessons and activities. */
export type CourseOutline = {
  modules: { id: string; title: Translations }[];
  lessons: { id: string; moduleId: string }[];
  activities: { id: string; moduleId: string; kind: 'quiz' | 'assignment' | 'webinar' }[];
};

/** What one person has done in that course. */
export type LearnerProgress = {
  viewedLessonIds: ReadonlySet<string>;
  /** Best submitted score per quiz, 0..100; absent when never submitted. */
  bestQuizScores: ReadonlyMap<string, number>;
  awaitingGradingQuizIds: ReadonlySet<string>;
  submissionStatuses: ReadonlyMap<string, 'submitted' | 'accepted' | 'rejected'>;
  attendedWebinarIds: ReadonlySet<string>;
};

export type ChecklistItem =
  | { kind: 'lessons'; moduleId: string; moduleTitle: Translations; viewed: number; total: number; isDone: boolean }
  | {
      kind: 'quiz';
      activityId: string;
      moduleTitle: Translations;
      minScore: number;
      bestScore: number | null;
      isAwaitingGrading: boolean;
      isDone: boolean;
    }
  | {
      kind: 'assignment';
      activityId: string;
      moduleTitle: Translations;
      status: 'missing' | 'submitted' | 'accepted' | 'rejected';
      isDone: boolean;
    }
  | { kind: 'webinar'; sessionCount: number; isDone: boolean };

export type Checklist = { items: ChecklistItem[]; isComplete: boolean };

/**
 * Evaluates a course's declarative rule into a checklist: one line per thing to do, each done or
 * still missing. Pure, so the learner's page, the gradebook and the certificate agree by design.
 */
export function evaluateCompletion(rule: CompletionRule, outline: CourseOutline, progress: LearnerProgress): Checklist {
  const moduleTitle = (moduleId: string) => outline.modules.find((module) => module.id === moduleId)?.title ?? {};
  const items: ChecklistItem[] = [];
  for (const condition of rule.all) {
    if ('lessonsViewed' in condition) {
      for (const module of outline.modules) {
        const moduleLessons = outline.lessons.filter((lesson) => lesson.moduleId === module.id);
        if (moduleLessons.length === 0) continue;
        const viewed = moduleLessons.filter((lesson) => progress.viewedLessonIds.has(lesson.id)).length;
        items.push({
          kind: 'lessons',
          moduleId: module.id,
          moduleTitle: module.title,
          viewed,
          total: moduleLessons.length,
          isDone: viewed === moduleLessons.length,
        });
      }
    } else if ('quizzesPassed' in condition) {
      for (const activity of outline.activities.filter((candidate) => candidate.kind === 'quiz')) {
        const bestScore = progress.bestQuizScores.get(activity.id) ?? null;
        items.push({
          kind: 'quiz',
          activityId: activity.id,
          moduleTitle: moduleTitle(activity.moduleId),
          minScore: condition.quizzesPassed.minScore,
          bestScore,
          isAwaitingGrading: progress.awaitingGradingQuizIds.has(activity.id),
          isDone: bestScore !== null && bestScore >= condition.quizzesPassed.minScore,
        });
      }
    } else if ('assignmentsAccepted' in condition) {
      for (const activity of outline.activities.filter((candidate) => candidate.kind === 'assignment')) {
        const status = progress.submissionStatuses.get(activity.id) ?? 'missing';
        items.push({
          kind: 'assignment',
          activityId: activity.id,
          moduleTitle: moduleTitle(activity.moduleId),
          status,
          isDone: status === 'accepted',
        });
      }
    } else {
      const webinars = outline.activities.filter((candidate) => candidate.kind === 'webinar');
      items.push({
        kind: 'webinar',
        sessionCount: webinars.length,
        isDone: webinars.some((webinar) => progress.attendedWebinarIds.has(webinar.id)),
      });
    }
  }
  return { items, isComplete: items.length > 0 && items.every((item) => item.isDone) };
}

/** The text of a translated item in the reader's language, else English, French, or any. */
export function pick(translations: Translations, language: string): { text: string; language: string } {
  for (const candidate of [language, 'en', 'fr']) {
    const text = translations[candidate];
    if (text) return { text, language: candidate };
  }
  const [first] = Object.entries(translations);
  return first ? { text: first[1] ?? '', language: first[0] } : { text: '', language };
}
