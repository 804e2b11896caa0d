import type { Contribution } from '../domain/contribution.js';
import type { GithubClient } from '../sources/github/client.js';
import { normalizeRestReviews, normalizeSearchItem } from '../sources/github/normalize.js';
import { planReviewSearch } from '../sources/github/search-query.js';
import type { EventRecord } from '../store/events.js';
import type { ProjectRecord } from '../store/projects.js';

/** One search result page is 100 items; reviews past the tenth page of one query wait for the next round. */
const MAX_SEARCH_PAGES = 10;

export interface ReviewPollInput {
  octokit: GithubClient;
  event: EventRecord;
  /** The event's upstream GitHub projects polled this round, by lower-cased full name. */
  projects: Map<string, ProjectRecord>;
  /** Counted pull requests this round's search returned: a review updates its pull request, so new reviews of sprinters' work are on these. */
  pullRequests: Array<{ project: ProjectRecord; contribution: Contribution }>;
  /** Proven leaders who joined: they review pull requests of people who did not join too, which only a `reviewed-by:` search finds. */
  reviewers: string[];
  since: string;
  record: (project: ProjectRecord, c: Contribution) => void;
  onError: (message: string) => void;
}

/**
 * Reviews on upstream repositories without the app: the reviews endpoint of each pull request that
 * changed this round and counts (one core request each, from the 5,000-an-hour budget), plus one packed
 * `reviewed-by:` search for the event's leaders who joined (six to a query, from the search budget the
 * scheduler paces). A review by a sprinter of a stranger's pull request is found only by a webhook.
 * Returns whether every request succeeded.
 */
export async function pollReviews(input: ReviewPollInput): Promise<boolean> {
  let ok = true;
  const targets = new Map<string, { project: ProjectRecord; contribution: Contribution }>();
  for (const t of input.pullRequests) targets.set(`${t.project.id}#${t.contribution.key}`, t);
  for (const q of input.reviewers.length ? planReviewSearch(input.reviewers, input.since) : []) {
    try {
      for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
        const response = await input.octokit.rest.search.issuesAndPullRequests({
          q,
          per_page: 100,
          page,
          sort: 'updated',
          order: 'asc',
        });
        for (const item of response.data.items) {
          const c = normalizeSearchItem(item);
          const project = c && c.kind === 'pull_request' ? input.projects.get(c.repo.toLowerCase()) : undefined;
          if (c && project) targets.set(`${project.id}#${c.key}`, { project, contribution: c });
        }
        if (response.data.items.length < 100) break;
      }
    } catch (error) {
      ok = false;
      input.onError(`GitHub search "${q}": ${(error as Error).message}`);
    }
  }
  for (const { project, contribution: pr } of targets.values()) {
    const [owner = '', repo = ''] = project.fullName.split('/');
    try {
      const response = await input.octokit.rest.pulls.listReviews({
        owner,
        repo,
        pull_number: Number(pr.key),
        per_page: 100,
      });
      const reviews = normalizeRestReviews(
        project.fullName,
        {
          number: Number(pr.key),
          url: pr.url,
          title: pr.title,
          state: pr.state,
          mergedAt: pr.mergedAt,
          authorId: pr.author.id,
          authorLogin: pr.author.login,
        },
        response.data,
      );
      for (const review of reviews) input.record(project, review);
    } catch (error) {
      ok = false;
      input.onError(`GitHub reviews of ${project.fullName}#${pr.key}: ${(error as Error).message}`);
    }
  }
  return ok;
}
