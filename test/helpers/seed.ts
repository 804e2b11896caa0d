import { type Store } from '../../src/store/store.js';
import { sql } from './sql.js';
import { createEvent, listEvents, type EventRecord } from '../../src/store/events.js';
import { buildLeaderboard } from '../../src/services/build-leaderboard.js';
import { addProject } from '../../src/store/projects.js';
import { joinEvent } from '../../src/services/join-event.js';

export const WINDOW = { startsAt: '2024-05-10T03:30:00.000Z', endsAt: '2024-05-11T12:30:00.000Z' };

/** An event with one registered GitHub repository and one sprinter, set up through the same services the CLI uses. */
export function seedSprint(
  db: Store,
  opts: { repo?: string; sprinter?: { login: string; id?: number; name?: string; emails?: string[] } | null } = {},
): EventRecord {
  const event = createEvent(db, { slug: 'test-sprint', name: 'Test Sprint', ...WINDOW, timeZone: 'Asia/Kolkata' });
  const repo = opts.repo ?? 'sprint-org/sprint-repo';
  addProject(db, {
    eventId: event.id,
    forge: 'github',
    fullName: repo,
    url: `https://github.com/${repo}`,
    leaders: ['leader1'],
  });
  if (opts.sprinter !== null) {
    const s = opts.sprinter ?? { login: 'newcomer', id: 5001, name: 'New Comer' };
    joinEvent(db, event.id, {
      displayName: s.name ?? s.login,
      githubLogin: s.login,
      githubId: s.id ?? null,
      emails: s.emails ?? [],
    });
  }
  return event;
}

export interface ContributionView {
  kind: string;
  key: string;
  state: string;
  counted: number;
  /** Why it counts or not, as the manage page says it (`excluded:<reason>` when a leader left it out). */
  reason: string;
  first_time: number;
  title: string;
}

export function contributions(db: Store): ContributionView[] {
  return sql(db)
    .prepare(
      `SELECT kind, key, state, counted, IFNULL('excluded:' || moderation, reason) AS reason, first_time, title
    FROM contributions ORDER BY id`,
    )
    .all() as ContributionView[];
}

/** A sprinter's row as leaderboard.json shows it (the first event that ranks them), or undefined when no leaderboard lists them. */
export function leaderboardRow(
  db: Store,
  login: string,
): { merged: number; pull_requests: number; commits: number } | undefined {
  for (const event of listEvents(db)) {
    const row = buildLeaderboard(db, event, { limit: 1000 }).sprinters.find(
      (s) => s.github?.toLowerCase() === login.toLowerCase(),
    );
    if (row) return { merged: row.merged, pull_requests: row.pull_requests, commits: row.commits };
  }
  return undefined;
}

/** Every row of every table, to prove that a refused request changed nothing. */
export function snapshot(db: Store): string {
  const tables = sql(db)
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[];
  return JSON.stringify(tables.map((t) => [t, sql(db).prepare(`SELECT * FROM "${t}"`).all()]));
}

export { aggregateMismatches } from '../../src/store/verify-aggregates.js';
