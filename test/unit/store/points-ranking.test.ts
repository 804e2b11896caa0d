import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/paths.js';
import { pointsOf, POINTS_SQL } from '../../../src/domain/scoring.js';
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
  test('the formula is one: the indexes of migration 0021, the query and pointsOf say the same', () => {
    const migration = readFileSync(join(packageRoot, 'db/migrations/0021-reviews-and-scoring.sql'), 'utf8');
    expect(migration.split(`(${POINTS_SQL}) DESC`).length - 1).toBe(2);
    const fromSql = sql(db)
      .prepare(`SELECT sprinter_id, ${POINTS_SQL} AS points FROM sprinter_stats ORDER BY sprinter_id`)
      .all();
    expect(fromSql).toEqual([
      { sprinter_id: 1, points: 4 },
      { sprinter_id: 2, points: 14 },
      { sprinter_id: 3, points: 5 },
    ]);
    expect(pointsOf({ merged: 0, pullRequests: 1, commits: 3, reviews: 4, issues: 1 })).toBe(14);
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
      WHERE t.event_id = 1 ORDER BY (${POINTS_SQL}) DESC, merged DESC, pull_requests DESC, commits DESC LIMIT 50`,
      )
      .all() as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toContain('sprinter_stats_points');
    expect(details).not.toContain('TEMP B-TREE');
  });
});
