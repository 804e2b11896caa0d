import type { Request } from 'express';
import type { ModerationFilter } from '../store/contributions.js';

const SHOWS = ['counted', 'not-counted', 'excluded'] as const;

/** The moderation table's filter from a query string: words to find, and which verdicts to show. */
export function moderationFilter(query: URLSearchParams): ModerationFilter {
  const show = query.get('show') ?? '';
  return {
    text: (query.get('q') ?? '').trim().slice(0, 100),
    show: (SHOWS as readonly string[]).includes(show) ? (show as ModerationFilter['show']) : null,
  };
}

export function moderationQuery(filter: ModerationFilter): string {
  const query = new URLSearchParams();
  if (filter.text) query.set('q', filter.text);
  if (filter.show) query.set('show', filter.show);
  return query.toString();
}

/** What the page drawing the table needs: the filter it shows, and the query its forms carry back. */
export function moderationContext(req: Request): { moderationFilter: ModerationFilter; moderationQuery: string } {
  const filter = moderationFilter(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
  return { moderationFilter: filter, moderationQuery: moderationQuery(filter) };
}
