import { openDatabase } from '../../src/store/database.js';
import type { Store } from '../../src/store/store.js';

export interface ScaleShape {
  sprinters: number;
  contributions: number;
  projects: number;
}

/**
 * A Hacktoberfest-sized event written straight into SQLite (the ingest path would take hours for a
 * million rows), with the aggregates computed the way the recording service keeps them (the memberships'
 * triggers have made the event's counter row and its sprinter count).
 */
export function buildScaleDb(path: string, shape: ScaleShape): Store {
  const db = openDatabase(path);
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    db.prepare(
      `INSERT INTO events (id, slug, name, starts_at, ends_at, time_zone, created_at)
      VALUES (1, 'hacktoberfest', 'Hacktoberfest', '2024-10-01T00:00:00.000Z', '2024-11-01T00:00:00.000Z', 'UTC', '2024-09-01T00:00:00.000Z')`,
    ).run();
    const project = db.prepare(
      `INSERT INTO projects (id, event_id, forge, full_name, url, created_at) VALUES (?, 1, 'github', ?, ?, '2024-09-01T00:00:00.000Z')`,
    );
    const projectStats = db.prepare('INSERT INTO project_stats (project_id) VALUES (?)');
    for (let p = 1; p <= shape.projects; p += 1) {
      project.run(p, `org-${p % 97}/repo-${p}`, `https://github.com/org-${p % 97}/repo-${p}`);
      projectStats.run(p);
    }
    const sprinter = db.prepare(
      `INSERT INTO sprinters (id, display_name, github_login, github_id, created_at) VALUES (?, ?, ?, ?, '2024-09-01T00:00:00.000Z')`,
    );
    const member = db.prepare(
      `INSERT INTO memberships (event_id, sprinter_id, joined_at) VALUES (1, ?, '2024-09-01T00:00:00.000Z')`,
    );
    for (let s = 1; s <= shape.sprinters; s += 1) {
      sprinter.run(s, `Sprinter ${s}`, `sprinter-${s}`, 1_000_000 + s);
      member.run(s);
    }
    const contribution =
      db.prepare(`INSERT INTO contributions (id, event_id, project_id, forge, kind, key, url, title, author_login, author_id,
        state, created_at, merged_at, source, counted, updated_at)
      VALUES (?, 1, ?, 'github', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'webhook', 1, ?)`);
    const credit = db.prepare(`INSERT INTO credits (contribution_id, sprinter_id, role) VALUES (?, ?, 'author')`);
    const window = Date.parse('2024-10-01T00:00:00Z');
    for (let c = 1; c <= shape.contributions; c += 1) {
      const s = 1 + ((c * 7919) % shape.sprinters);
      const p = 1 + ((c * 104729) % shape.projects);
      const kind = c % 5 === 0 ? 'commit' : 'pull_request';
      const state = kind === 'commit' ? 'merged' : c % 3 === 0 ? 'merged' : c % 7 === 0 ? 'closed' : 'open';
      const at = new Date(window + (c % (31 * 24 * 60)) * 60_000).toISOString();
      const key = kind === 'commit' ? c.toString(16).padStart(40, '0') : String(c);
      contribution.run(
        c,
        p,
        kind,
        key,
        `https://github.com/org-${p % 97}/repo-${p}/pull/${c}`,
        `Contribution ${c}`,
        `sprinter-${s}`,
        1_000_000 + s,
        state,
        at,
        state === 'merged' ? at : null,
        at,
      );
      credit.run(c, s);
    }
    db.exec(`
      INSERT INTO sprinter_stats (event_id, sprinter_id, merged, pull_requests, commits, others, first_time, last_at)
        SELECT 1, k.sprinter_id, sum(c.kind = 'pull_request' AND c.state = 'merged'), sum(c.kind = 'pull_request'), sum(c.kind = 'commit'), 0, 0, max(c.created_at)
        FROM credits k JOIN contributions c ON c.id = k.contribution_id GROUP BY k.sprinter_id;
      INSERT INTO project_sprinter_stats (project_id, sprinter_id, merged, pull_requests, commits, first_time)
        SELECT c.project_id, k.sprinter_id, sum(c.kind = 'pull_request' AND c.state = 'merged'), sum(c.kind = 'pull_request'), sum(c.kind = 'commit'), 0
        FROM credits k JOIN contributions c ON c.id = k.contribution_id GROUP BY c.project_id, k.sprinter_id;
      UPDATE project_stats SET
        (contributions, pull_requests, merged, commits) = (SELECT count(*), sum(kind = 'pull_request'), sum(kind = 'pull_request' AND state = 'merged'), sum(kind = 'commit')
          FROM contributions WHERE project_id = project_stats.project_id),
        contributors = (SELECT count(*) FROM project_sprinter_stats WHERE project_id = project_stats.project_id);
      INSERT INTO event_stats (event_id, sprinters) SELECT 1, count(*) FROM memberships WHERE event_id = 1 AND status = 'joined';
      UPDATE event_stats SET (contributors, first_timers, pull_requests, merged, commits, others) =
        (SELECT (SELECT count(*) FROM sprinter_stats), 0, sum(pull_requests), sum(merged), sum(commits), 0 FROM project_stats)
        WHERE event_id = 1;`);
  })();
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  // The bench writes a million rows with raw SQL for speed; the app then reads them through the store.
  return db as unknown as Store;
}
