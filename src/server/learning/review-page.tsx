import type { Child } from 'hono/jsx';
import { Layout } from '../../ui/layout.js';
import type { PageContext } from '../../ui/page-context.js';
import { formatNumber } from '../../shared/format.js';
import { pick } from './completion.js';
import { QuestionFeedback, describeResponse } from './question-view.js';
import type * as service from './learning.service.js';

const text = (page: PageContext, value: Record<string, string | undefined>) => pick(value, page.language).text;

/** A submitted attempt, question by question: the learner's review, and the trainer's grading page. */
export function ReviewPage({
  page,
  review,
  children,
}: {
  page: PageContext;
  review: Awaited<ReturnType<typeof service.reviewAttempt>>;
  children?: Child;
}) {
  const { t } = page;
  const { attempt, activity, course } = review;
  const title = t('learning.review.title', { number: attempt.number });
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href={`/learn/courses/${course.slug}`}>{text(page, course.title)}</a> ›{' '}
        <a href={`/learn/activities/${activity.id}`}>{t('learning.review.backToQuiz')}</a>
      </p>
      <h1>{title}</h1>
      <p role="status">
        <strong>{t('learning.review.score', { score: formatNumber(page.language, attempt.scorePercent ?? 0) })}</strong>{' '}
        {attempt.needsManualGrading
          ? t('learning.review.pending')
          : attempt.isPassed
            ? t('learning.review.passed')
            : t('learning.review.failed', { score: activity.passingScore ?? 0 })}
      </p>
      {review.items.map((item) => (
        <section class="card" aria-labelledby={`review-q${item.number}`}>
          <h2 id={`review-q${item.number}`}>{t('learning.attempt.question', { number: item.number })}</h2>
          <div class="question-text" dangerouslySetInnerHTML={{ __html: questionPreview(item.question.text) }} />
          {item.question.type !== 'description' && (
            <>
              <p>
                {t('learning.attempt.yourAnswer')}: <strong>{describeResponse(t, item.question, item.response)}</strong>
              </p>
              {item.rightAnswer && (
                <p>
                  {t('learning.review.rightAnswer')}: {describeResponse(t, item.question, item.rightAnswer)}
                </p>
              )}
              {item.grade && (
                <QuestionFeedback t={t} grade={item.grade} manualFraction={item.manualFraction} manualComment={item.manualComment} />
              )}
            </>
          )}
        </section>
      ))}
      {children}
    </Layout>
  );
}

/** The review shows the question's words; cloze gap markers become blanks. */
function questionPreview(source: string) {
  return source
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\{#(\d+)\}/g, '[$1] ____')
    .replace(/\r?\n/g, '<br>');
}
