/**
 * GitHub's issue search, packed: a query is at most 256 characters and 5 AND/OR/NOT operators, and
 * returns at most 1,000 results. Two ways to cover an event: by repository (repeated `repo:`
 * qualifiers are OR'ed and cost no operator) or by author (`(author:a OR … )`, six to a query). The
 * planner builds both and keeps the one with fewer queries.
 */
export const MAX_QUERY_LENGTH = 256;
export const MAX_OPERATORS = 5;

export interface SearchPlanInput {
  repos: string[];
  authors: string[];
  startsAt: string;
  endsAt: string;
  /** Only results updated since: rounds after the first fetch what changed, not everything again. */
  updatedSince?: string | null;
}

export interface SearchPlan {
  strategy: 'by-repository' | 'by-author';
  queries: string[];
}

function seconds(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function base(input: SearchPlanInput): string {
  const updated = input.updatedSince ? ` updated:>=${seconds(input.updatedSince)}` : '';
  return `is:pr created:${seconds(input.startsAt)}..${seconds(input.endsAt)}${updated}`;
}

/** Greedy packing: add terms to the current query while it stays within the limits. */
function pack(prefix: string, terms: string[], join: (terms: string[]) => string, fits: (terms: string[]) => boolean): string[] {
  const queries: string[] = [];
  let current: string[] = [];
  for (const term of terms) {
    const candidate = [...current, term];
    if (current.length && (!fits(candidate) || `${prefix} ${join(candidate)}`.length > MAX_QUERY_LENGTH)) {
      queries.push(`${prefix} ${join(current)}`);
      current = [term];
    } else {
      current = candidate;
    }
  }
  if (current.length) queries.push(`${prefix} ${join(current)}`);
  return queries;
}

export function planSearch(input: SearchPlanInput): SearchPlan {
  const prefix = base(input);
  const byRepo = pack(prefix, input.repos.map((r) => `repo:${r}`), (t) => t.join(' '), () => true);
  const byAuthor = pack(prefix, input.authors.map((a) => `author:${a}`), (t) => (t.length === 1 ? t[0]! : `(${t.join(' OR ')})`), (t) => t.length - 1 <= MAX_OPERATORS);
  if (input.repos.length === 0 || input.authors.length === 0) return { strategy: 'by-repository', queries: [] };
  return byAuthor.length < byRepo.length ? { strategy: 'by-author', queries: byAuthor } : { strategy: 'by-repository', queries: byRepo };
}
