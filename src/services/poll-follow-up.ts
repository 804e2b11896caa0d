import { horizonOf, windowOf } from '../domain/event-window.js';
import type { Contribution } from '../domain/contribution.js';
import type { GithubClient } from '../sources/github/client.js';
import { normalizeSearchItem } from '../sources/github/normalize.js';
import { planFollowUpSearch } from '../sources/github/search-query.js';
import type { EventRecord } from '../store/events.js';
import { followedLogins, keepFollowUpPull } from '../store/follow-up.js';
import type { ProjectRecord } from '../store/projects.js';
import type { Store } from '../store/store.js';

const MAX_SEARCH_PAGES = 10;
/** How often the follow-up asks again: what sprinters do in the months after is not a live view. */
export const FOLLOW_UP_EVERY_MS = 6 * 3_600_000;

export interface FollowUpInput {
  db: Store;
  octokit: GithubClient;
  event: EventRecord;
  /** Every GitHub project of the event, by lower-cased full name: work there is recorded as the event's own. */
  projects: Map<string, ProjectRecord>;
  now: Date;
  record: (project: ProjectRecord, c: Contribution) => void;
  onError: (message: string) => void;
}

/**
 * After the window and until the follow-up horizon: the public pull requests of the event's followed
 * contributors anywhere on GitHub, by packed `author:` searches (six to a query). Those on the event's
 * projects go through the one recording path (kept, not counted for the sprint: they are after it); the
 * rest are kept for the report's "After the sprint". Opted-out sprinters are never asked about.
 */
export async function pollFollowUp(input: FollowUpInput): Promise<boolean> {
  const followed = followedLogins(input.db, input.event.id);
  const byLogin = new Map(followed.map((f) => [f.login.toLowerCase(), f.sprinterId]));
  const horizon = new Date(Math.min(input.now.getTime(), horizonOf(windowOf(input.event)))).toISOString();
  let ok = true;
  for (const q of planFollowUpSearch(
    followed.map((f) => f.login),
    input.event.endsAt,
    horizon,
  )) {
    try {
      for (let page = 1; page <= MAX_SEARCH_PAGES; page += 1) {
        const response = await input.octokit.rest.search.issuesAndPullRequests({
          q,
          per_page: 100,
          page,
          sort: 'created',
          order: 'asc',
        });
        for (const item of response.data.items) {
          const c = normalizeSearchItem(item);
          if (!c || c.kind !== 'pull_request' || c.author.isBot) continue;
          const project = input.projects.get(c.repo.toLowerCase());
          if (project) {
            input.record(project, c);
            continue;
          }
          const sprinterId = c.author.login ? byLogin.get(c.author.login.toLowerCase()) : undefined;
          if (sprinterId !== undefined)
            keepFollowUpPull(
              input.db,
              { sprinterId, url: c.url, repo: c.repo, createdAt: c.createdAt, state: c.state },
              input.now,
            );
        }
        if (response.data.items.length < 100) break;
      }
    } catch (error) {
      ok = false;
      input.onError(`GitHub follow-up search "${q}": ${(error as Error).message}`);
    }
  }
  return ok;
}
