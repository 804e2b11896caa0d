import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { POINTS, scoringSentence } from '../../../src/domain/scoring.js';
import { topSprinters } from '../../../src/store/leaderboard.js';
import { closeStore, openStore, type Store } from '../../../src/store/store.js';
import { sql } from '../../helpers/sql.js';

let db: Store;
beforeEach(() => {
  db = openStore(':memory:');
  sql(db)
    .exec(`INSERT INTO events (id, slug, name, starts_at, ends_at, created_at) VALUES (1, 'e', 'E', '2024-01-01', '2024-01-02', '2024-01-01');
    INSERT INTO sprinters (id, display_name, github_login, created_at) VALUES (1, 'Ana', 'ana', '2024'), (2, 'Bo', 'bo', '2024'), (3, 'Cy', 'cy', '2024');
    INSERT INTO sprinter_stats (event_id, sprinter_id, merged, pull_requests, commits, reviews, issues) VALUES
      (1, 1, 1, 1, 0, 0, 0), (1, 2, 0, 1, 3, 4, 1), (1, 3, 0, 0, 5, 0, 0);`);
});
afterEach(() => closeStore(db));

describe('ranking by points', () => {
  test('the formula is one: SQLite computes it (the points column), and the words printed under the table say the same', () => {
    // Each unit of work alone, then together: the column's value is the weights POINTS gives the sentence.
    const tallies = [
      { merged: 1, pull_requests: 1, commits: 0, reviews: 0, issues: 0 },
      { merged: 0, pull_requests: 1, commits: 0, reviews: 0, issues: 0 },
      { merged: 0, pull_requests: 0, commits: 0, reviews: 1, issues: 0 },
      { merged: 0, pull_requests: 0, commits: 1, reviews: 0, issues: 0 },
      { merged: 0, pull_requests: 0, commits: 0, reviews: 0, issues: 1 },
      { merged: 2, pull_requests: 3, commits: 4, reviews: 5, issues: 6 },
    ];
    sql(db).exec('DELETE FROM sprinter_stats');
    sql(db).exec(
      `INSERT INTO sprinters (id, display_name, github_login, created_at) VALUES (4, 'Di', 'di', '2024'), (5, 'Ed', 'ed', '2024'), (6, 'Flo', 'flo', '2024')`,
    );
    const insert = sql(db).prepare(
      `INSERT INTO sprinter_stats (event_id, sprinter_id, merged, pull_requests, commits, reviews, issues)
       VALUES (1, @id, @merged, @pull_requests, @commits, @reviews, @issues)`,
    );
    tallies.forEach((t, i) => insert.run({ id: i + 1, ...t }));
    const points = sql(db).prepare('SELECT points FROM sprinter_stats ORDER BY sprinter_id').pluck().all();
    const { merged, otherPullRequest, review, commit, issue } = POINTS;
    expect(points).toEqual([
      merged,
      otherPullRequest,
      review,
      commit,
      issue,
      2 * merged + otherPullRequest + 5 * review + 4 * commit + 6 * issue,
    ]);
    const sentence = scoringSentence('points');
    for (const weight of [merged, otherPullRequest, review, commit, issue])
      expect(sentence).toContain(`${weight} for each`);
  });

  test('points reorder the table the default ranking orders otherwise; both read an index, neither sorts', () => {
    expect(topSprinters(db, 1).map((r) => r.github)).toEqual(['ana', 'bo', 'cy']);
    expect(
      topSprinters(db, 1, 50, null, { scoring: 'points', rankLeaders: true }).map((r) => [r.github, r.points, r.rank]),
    ).toEqual([
      ['bo', 14, 1],
      ['cy', 5, 2],
      ['ana', 4, 3],
    ]);
    const plan = sql(db)
      .prepare(
        `EXPLAIN QUERY PLAN SELECT t.sprinter_id FROM sprinter_stats t JOIN sprinters s ON s.id = t.sprinter_id
      WHERE t.event_id = 1 ORDER BY points DESC, merged DESC, pull_requests DESC, commits DESC LIMIT 50`,
      )
      .all() as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toContain('sprinter_stats_points');
    expect(details).not.toContain('TEMP B-TREE');
  });
});
