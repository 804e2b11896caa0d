import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GithubApiStandIn, type SearchItem } from '../helpers/github-api-standin.js';
import { sql } from '../helpers/sql.js';
import { loadConfig } from '../../src/config.js';
import { joinEvent } from '../../src/services/join-event.js';
import { createParts } from '../../src/create-app.js';
import { createEvent } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { closeStore, openStore } from '../../src/store/store.js';
import { percentile } from './stats.js';

export interface FreshnessResult {
  sprinters: number;
  repositories: number;
  simulated_minutes: number;
  pull_requests: number;
  rounds: number;
  /** Seconds from a pull request being opened upstream to it being recorded. */
  p50_s: number;
  p95_s: number;
  max_s: number;
  /** Search requests used, as a share of GitHub's search budget: the busiest minute and the whole run. */
  peak_minute_share: number;
  mean_share: number;
  refused: number;
  /** Opened in the last moments of the run, after its last round. */
  unseen_at_end: number;
}

/** A small deterministic generator, so every run opens the same pull requests at the same moments. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Upstream freshness where the app is not installed: pull requests are opened in 50 upstream repositories
 * by 500 sprinters at random moments, and the real scheduler polls the stand-in API, whose search budget
 * is GitHub's (30 a minute). The clock is simulated: it advances by each round's real duration and by the
 * wait the scheduler chooses, so the waits between rounds cost nothing; the rounds themselves take their
 * real time (the throttling plugin spaces search requests 2 s apart, as GitHub asks). GitHub's own search
 * indexing delay is not part of the figure.
 */
export async function benchFreshness(dir: string, simulatedMinutes: number): Promise<FreshnessResult> {
  const github = await new GithubApiStandIn().start();
  let clock = Date.parse('2024-05-10T04:00:00Z');
  github.searchBudget = { limit: 30, windowSeconds: 60, now: () => clock };
  const db = openStore(join(dir, 'freshness.sqlite'));
  const registered = new Date(clock - 3_600_000);
  const event = createEvent(
    db,
    {
      slug: 'fresh',
      name: 'Fresh',
      startsAt: '2024-05-10T00:00:00.000Z',
      endsAt: '2024-05-13T00:00:00.000Z',
      timeZone: 'UTC',
    },
    registered,
  );
  const repos = Array.from({ length: 50 }, (_, r) => `upstream-org-${r}/project-${r}`);
  for (const repo of repos)
    addProject(
      db,
      { eventId: event.id, forge: 'github', fullName: repo, url: `https://github.com/${repo}` },
      registered,
    );
  for (let s = 0; s < 500; s += 1)
    joinEvent(
      db,
      event.id,
      { displayName: `Sprinter ${s}`, githubLogin: `sprinter-${s}`, githubId: 10_000 + s },
      registered,
    );

  // About one pull request every 10 s over the run, from random sprinters to random repositories.
  const random = seeded(2024);
  const end = clock + simulatedMinutes * 60_000;
  const arrivals: Array<{ at: number; item: SearchItem }> = [];
  for (let at = clock + random() * 20_000; at < end; at += random() * 20_000) {
    const s = Math.floor(random() * 500);
    const item = github.item(
      repos[Math.floor(random() * repos.length)]!,
      arrivals.length + 1,
      `sprinter-${s}`,
      10_000 + s,
      { created_at: iso(at), updated_at: iso(at) },
    );
    arrivals.push({ at: Math.floor(at / 1000) * 1000, item });
  }

  // Wired as the server wires it (createParts), on the benchmark's own database and simulated clock.
  const config = loadConfig({
    GITHUB_TOKEN: 'bench',
    GITHUB_API_URL: github.url,
    POLL_INTERVAL_SECONDS: '300',
    LOG_LEVEL: 'silent',
  });
  const parts = createParts(config, { db, polling: 'on-demand', metrics: false, now: () => new Date(clock) });
  const sync = parts.sync!;
  const seen = sql(db).prepare('SELECT 1 FROM contributions WHERE url = ?').pluck();
  const waiting: Array<{ at: number; item: SearchItem }> = [];
  const delays: number[] = [];
  let published = 0;
  let rounds = 0;
  while (clock < end) {
    while (published < arrivals.length && arrivals[published]!.at <= clock) waiting.push(arrivals[published++]!);
    github.items = arrivals.slice(0, published).map((a) => a.item);
    const started = performance.now();
    const pacing = await sync.pollAll();
    clock += performance.now() - started;
    rounds += 1;
    for (let i = waiting.length - 1; i >= 0; i -= 1) {
      if (!seen.get(waiting[i]!.item.html_url)) continue;
      delays.push((clock - waiting[i]!.at) / 1000);
      waiting.splice(i, 1);
    }
    clock += pacing.seconds * 1000;
  }
  await parts.stop();
  await github.stop();
  closeStore(db);

  const sorted = delays.sort((a, b) => a - b);
  const windows = [...github.searchWindows.values()];
  const minutes = Math.max(1, Math.ceil(simulatedMinutes));
  return {
    sprinters: 500,
    repositories: 50,
    simulated_minutes: simulatedMinutes,
    pull_requests: delays.length,
    rounds,
    p50_s: percentile(sorted, 50),
    p95_s: percentile(sorted, 95),
    max_s: sorted.at(-1) ?? NaN,
    peak_minute_share: Math.max(...windows) / 30,
    mean_share: windows.reduce((a, b) => a + b, 0) / (30 * minutes),
    refused: github.requests.filter((r) => r.status === 403).length,
    unseen_at_end: waiting.length + arrivals.length - published,
  };
}
