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

/**
 * No `is:pr`: one query returns the window's pull requests and issues alike (an issue is an item
 * without `pull_request`), so counting issues costs no search request more.
 */
function base(input: SearchPlanInput): string {
  const updated = input.updatedSince ? ` updated:>=${seconds(input.updatedSince)}` : '';
  return `created:${seconds(input.startsAt)}..${seconds(input.endsAt)}${updated}`;
}

/** `prefix (qualifier:a OR qualifier:b …)`, packed into as few queries as the limits allow. */
export function packPeople(prefix: string, qualifier: 'author' | 'reviewed-by', logins: string[]): string[] {
  return pack(
    prefix,
    logins.map((l) => `${qualifier}:${l}`),
    (t) => (t.length === 1 ? t[0]! : `(${t.join(' OR ')})`),
    (t) => t.length - 1 <= MAX_OPERATORS,
  );
}

/**
 * Everything these people opened in the window, anywhere on GitHub: where an event searched by repository
 * finds what its sprinters sent to repositories nobody registered.
 */
export function planAuthorSweep(authors: string[], startsAt: string, endsAt: string): string[] {
  return packPeople(`created:${seconds(startsAt)}..${seconds(endsAt)}`, 'author', authors);
}

/** Pull requests these people reviewed, updated since `since` (a review updates its pull request). */
export function planReviewSearch(reviewers: string[], since: string): string[] {
  return packPeople(`is:pr updated:>=${seconds(since)}`, 'reviewed-by', reviewers);
}

/** Pull requests these people opened anywhere on GitHub after the event's window, up to the follow-up horizon. */
export function planFollowUpSearch(authors: string[], endsAt: string, horizon: string): string[] {
  return packPeople(`is:pr created:${seconds(endsAt)}..${seconds(horizon)}`, 'author', authors);
}

/** Greedy packing: add terms to the current query while it stays within the limits. */
function pack(
  prefix: string,
  terms: string[],
  join: (terms: string[]) => string,
  fits: (terms: string[]) => boolean,
): string[] {
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
  const byRepo = pack(
    prefix,
    input.repos.map((r) => `repo:${r}`),
    (t) => t.join(' '),
    () => true,
  );
  const byAuthor = packPeople(prefix, 'author', input.authors);
  if (input.repos.length === 0 || input.authors.length === 0) return { strategy: 'by-repository', queries: [] };
  return byAuthor.length < byRepo.length
    ? { strategy: 'by-author', queries: byAuthor }
    : { strategy: 'by-repository', queries: byRepo };
}
