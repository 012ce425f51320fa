import type { PageContext } from './page-context.js';

/** Previous/next links that keep the current filters. */
export function Pagination({ page, current, total, pageSize, query }: { page: PageContext; current: number; total: number; pageSize: number; query: Record<string, string | undefined> }) {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  if (lastPage <= 1) return null;
  const href = (target: number) => {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) parameters.set(name, value);
    parameters.set('page', String(target));
    return `?${parameters.toString()}`;
  };
  return (
    <nav class="pagination" aria-label={page.t('common.pagination')}>
      {current > 1 && (
        <a href={href(current - 1)} rel="prev">
          {page.t('common.previous')}
        </a>
      )}
      <span>{page.t('common.pageOf', { current, total: lastPage })}</span>
      {current < lastPage && (
        <a href={href(current + 1)} rel="next">
          {page.t('common.next')}
        </a>
      )}
    </nav>
  );
}
