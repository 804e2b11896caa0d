import type { GithubClient } from '../sources/github/client.js';
import { listCredits, toStored, type ContributionRow } from '../store/contributions.js';
import type { EventRecord } from '../store/events.js';
import { statement } from '../store/statements.js';
import { transaction, type Store } from '../store/store.js';
import { writeContribution } from '../store/write-contribution.js';

/**
 * Searches one round may spend deciding first-timers: the search budget is shared with finding the work
 * itself, and a flag decided a few minutes later loses nothing.
 */
export const FIRST_TIME_SEARCHES_PER_ROUND = 5;

export interface FirstTimeResult {
  decided: number;
  /** The rows decided, for the live pages. */
  ids: number[];
  searches: number;
  errors: string[];
}

function seconds(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Counted GitHub pull requests whose source said nothing of the author's history (an imported list, a
 * row GitHub gave no author_association for): one search each, `repo:X author:Y is:pr created:<DATE`,
 * decides whether it was their first pull request to that repository. The flag and how it was decided
 * are written through the one write, so the first-timer counts follow.
 */
export async function decideFirstTimes(
  db: Store,
  event: EventRecord,
  octokit: GithubClient,
  now: Date,
  limit = FIRST_TIME_SEARCHES_PER_ROUND,
): Promise<FirstTimeResult> {
  const rows = statement(
    db,
    `SELECT c.*, p.full_name AS repo FROM contributions c JOIN projects p ON p.id = c.project_id
      WHERE c.event_id = ? AND c.kind = 'pull_request' AND c.forge = 'github' AND c.counted = 1 AND c.first_time_by IS NULL AND c.author_login IS NOT NULL
      ORDER BY c.id LIMIT ?`,
  ).all(event.id, limit) as Array<ContributionRow & { repo: string }>;
  const result: FirstTimeResult = { decided: 0, ids: [], searches: 0, errors: [] };
  for (const row of rows) {
    // An untimed row sorts at the event's start: earlier pull requests are still before it.
    const q = `repo:${row.repo} author:${row.author_login} is:pr created:<${seconds(row.created_at)}`;
    let earlier: number;
    try {
      result.searches += 1;
      earlier = (await octokit.rest.search.issuesAndPullRequests({ q, per_page: 1 })).data.total_count;
    } catch (error) {
      result.errors.push(`GitHub search "${q}": ${(error as Error).message}`);
      break;
    }
    transaction(db, () => {
      const current = statement(db, 'SELECT * FROM contributions WHERE id = ?').get(row.id) as
        ContributionRow | undefined;
      if (!current || current.first_time_by !== null) return;
      const existing = toStored(current);
      writeContribution(
        db,
        existing,
        {
          ...existing,
          firstTime: existing.firstTime || earlier === 0,
          firstTimeBy: 'search',
          credits: listCredits(db, existing.id),
        },
        now,
      );
    });
    result.decided += 1;
    result.ids.push(row.id);
  }
  return result;
}
