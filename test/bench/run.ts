/**
 * `npm run bench [-- --quick] [--json FILE] [--only ingest,scale,rejudge,sse,polling]`: speed, capacity and memory,
 * measured in one run on one machine. Every figure is a median over repeated runs with its min–max.
 * Figures, never pass/fail. `--only` reruns some sections (the scale section includes the cold start).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { testPrivateKey } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { GithubApiStandIn } from '../helpers/github-api-standin.js';
import { seedSprint } from '../helpers/seed.js';
import { exited, startServerProcess } from '../helpers/server-process.js';
import { createLogger } from '../../src/logger.js';
import { packageRoot } from '../../src/paths.js';
import { buildLeaderboard } from '../../src/services/build-leaderboard.js';
import { exportCsv } from '../../src/services/export-csv.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { createGithubClient } from '../../src/sources/github/client.js';
import { closeStore, openStore } from '../../src/store/store.js';
import { createEvent, getEvent } from '../../src/store/events.js';
import { topSprinters } from '../../src/store/leaderboard.js';
import { addProject } from '../../src/store/projects.js';
import { addMembership, upsertSprinter } from '../../src/store/sprinters.js';
import { benchFreshness } from './freshness.js';
import { buildScaleDb } from './scale-db.js';
import { rejudgeEvent } from '../../src/services/rejudge-event.js';
import { editEvent } from '../../src/services/edit-event.js';
import { figure, fmt, percentile, rssMb } from './stats.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonOut = args.includes('--json') ? (args[args.indexOf('--json') + 1] ?? '') : null;
const SECTIONS = ['ingest', 'scale', 'rejudge', 'sse', 'polling'] as const;
type Section = (typeof SECTIONS)[number];
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : [...SECTIONS];
const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length || jsonOut === '' || jsonOut?.startsWith('--')) {
  process.stderr.write(
    `usage: npm run bench -- [--quick] [--json FILE] [--only ${SECTIONS.join(',')}]${unknown.length ? `\nunknown section: ${unknown.join(', ')}` : ''}\n`,
  );
  process.exit(2);
}
const runs = (section: Section): boolean => only.includes(section);
const SECRET = 'bench-secret';
const dir = mkdtempSync(join(tmpdir(), 'devsprint-bench-'));
const log = (text: string) => process.stderr.write(`${text}\n`);

const size = quick
  ? {
      ingestWarmup: 1000,
      ingestRequests: 1000,
      ingestSlices: 6,
      scale: { sprinters: 10_000, contributions: 100_000, projects: 200 },
      sseClients: [200, 1000],
      sseDeliveries: 5,
      timingRuns: 3,
      freshnessMinutes: 8,
    }
  : {
      ingestWarmup: 2000,
      ingestRequests: 3000,
      ingestSlices: 12,
      scale: { sprinters: 100_000, contributions: 1_000_000, projects: 2000 },
      sseClients: [1000, 5000],
      sseDeliveries: 10,
      timingRuns: 5,
      freshnessMinutes: 30,
    };

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Sends prepared requests at a fixed concurrency over keep-alive connections and times each one. */
async function load(
  url: string,
  bodies: Array<{ id: string; body: string }>,
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < bodies.length) {
      const { id, body } = bodies[next++]!;
      const t = process.hrtime.bigint();
      const status = await new Promise<number>((resolve) => {
        const req = request(
          `${url}/api/github/webhooks`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-github-event': 'pull_request',
              'x-github-delivery': id,
              'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (status !== 200) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: bodies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

/**
 * CPU time of a process's main thread in ms (Linux /proc; null elsewhere). Throughput on a shared machine
 * swings with the neighbours; the CPU a delivery costs the server's event loop swings much less.
 */
function mainThreadCpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** Loads a server and adds the main-thread CPU it spent per delivery to `cpu` (µs). */
async function timedLoad(
  url: string,
  pid: number | undefined,
  bodies: Array<{ id: string; body: string }>,
  cpu: number[],
): Promise<LoadResult> {
  const before = mainThreadCpuMs(pid);
  const result = await load(url, bodies, 50);
  const after = mainThreadCpuMs(pid);
  if (before !== null && after !== null) cpu.push(((after - before) * 1000) / bodies.length);
  return result;
}

function deliveries(run: number, count: number): Array<{ id: string; body: string }> {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-${run}-${i}`,
    body: JSON.stringify(pullRequestPayload({ number: run * 100_000 + i + 1, title: `Benchmark pull request ${i}` })),
  }));
}

async function benchIngest() {
  const app: LoadResult[] = [];
  const bare: LoadResult[] = [];
  const appCpu: number[] = [];
  const bareCpu: number[] = [];
  const pem = join(dir, 'app.pem');
  writeFileSync(pem, testPrivateKey());
  const appDb = join(dir, 'ingest-app.sqlite');
  const seed = openStore(appDb);
  seedSprint(seed);
  closeStore(seed);
  const appServer = await startServerProcess(
    { DATABASE_PATH: appDb, APP_ID: '1', PRIVATE_KEY_PATH: pem, WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info' },
    dir,
  );
  const bareServer = spawn(process.execPath, [
    join(packageRoot, 'dist', 'test', 'bench', 'bare-server.js'),
    join(dir, 'ingest-bare.sqlite'),
    SECRET,
  ]);
  const bareUrl = await new Promise<string>((resolve) =>
    createInterface({ input: bareServer.stdout }).on('line', (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match) resolve(match[1]!);
    }),
  );
  // Both servers are timed warm, as a server is after its first minutes: the JIT needs a few thousand
  // deliveries to optimize the app's path (cold start is a figure of its own).
  await load(appServer.url, deliveries(90, size.ingestWarmup), 50);
  await load(bareUrl, deliveries(90, size.ingestWarmup), 50);
  // A shared machine's speed drifts within seconds, so the two servers take turns in short slices, in
  // the order app, bare, bare, app, ...: each ratio compares neighbours, and a steady drift cancels out.
  for (let slice = 0; slice < size.ingestSlices; slice += 1) {
    const batch = deliveries(slice, size.ingestRequests);
    const appFirst = slice % 2 === 0;
    if (appFirst) app.push(await timedLoad(appServer.url, appServer.child.pid, batch, appCpu));
    bare.push(await timedLoad(bareUrl, bareServer.pid, batch, bareCpu));
    if (!appFirst) app.push(await timedLoad(appServer.url, appServer.child.pid, batch, appCpu));
    log(
      `  ingest slice ${slice + 1}: app ${app.at(-1)!.rps.toFixed(0)}/s p99 ${app.at(-1)!.p99.toFixed(1)} ms, bare ${bare.at(-1)!.rps.toFixed(0)}/s`,
    );
  }
  appServer.child.kill('SIGTERM');
  bareServer.kill('SIGTERM');
  await Promise.all([exited(appServer.child), exited(bareServer)]);
  return {
    app_rps: figure(app.map((r) => r.rps)),
    bare_rps: figure(bare.map((r) => r.rps)),
    ratio: figure(app.map((r, i) => r.rps / bare[i]!.rps)),
    app_cpu_us: appCpu.length ? figure(appCpu) : null,
    bare_cpu_us: bareCpu.length ? figure(bareCpu) : null,
    app_p50_ms: figure(app.map((r) => r.p50)),
    app_p99_ms: figure(app.map((r) => r.p99)),
    bare_p50_ms: figure(bare.map((r) => r.p50)),
    bare_p99_ms: figure(bare.map((r) => r.p99)),
    failed: app.reduce((n, r) => n + r.failed, 0) + bare.reduce((n, r) => n + r.failed, 0),
  };
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function benchScale(path: string) {
  const built = time(() => buildScaleDb(path, size.scale));
  log(`  scale database: ${size.scale.contributions} contributions in ${(built.ms / 1000).toFixed(1)} s`);
  const db = built.value;
  const event = getEvent(db, 1)!;
  const samples = (n: number, fn: (i: number) => void) =>
    Array.from({ length: n }, (_, i) => time(() => fn(i)).ms).sort((a, b) => a - b);
  const overall: number[] = [];
  const perProject: number[] = [];
  const page: number[] = [];
  for (let run = 0; run < size.timingRuns; run += 1) {
    overall.push(
      percentile(
        samples(200, () => topSprinters(db, 1, 50)),
        50,
      ),
    );
    perProject.push(
      percentile(
        samples(200, (i) => topSprinters(db, 1, 50, 1 + ((i * 37) % size.scale.projects))),
        50,
      ),
    );
    page.push(
      percentile(
        samples(20, () => buildLeaderboard(db, event)),
        50,
      ),
    );
  }
  const exports: number[] = [];
  const memory: number[] = [];
  for (let run = 0; run < Math.min(3, size.timingRuns); run += 1) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const t = time(() => {
      let bytes = 0;
      for (const line of exportCsv(db, event)) {
        bytes += line.length;
        if ((bytes & 0xfffff) < line.length) peak = Math.max(peak, process.memoryUsage().rss);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      return bytes;
    });
    exports.push(t.ms / 1000);
    memory.push((peak - before) / 1024 / 1024);
  }
  closeStore(db);
  return {
    leaderboard_p50_ms: figure(overall),
    leaderboard_project_p50_ms: figure(perProject),
    event_page_p50_ms: figure(page),
    export_s: figure(exports),
    export_memory_mb: figure(memory),
  };
}

/**
 * Deciding an event of 100,000 contributions again (the same at --quick: the goal is stated for that size):
 * as `devsprint rejudge` does on a healthy database, where nothing changes, and after its window moved
 * past every contribution, where every row and counter is written.
 */
async function benchRejudge(path: string) {
  const db = buildScaleDb(path, { sprinters: 10_000, contributions: 100_000, projects: 200 });
  const at = new Date('2024-10-15T00:00:00Z');
  const unchanged: number[] = [];
  for (let run = 0; run < size.timingRuns; run += 1) unchanged.push(time(() => rejudgeEvent(db, 1, at)).ms / 1000);
  const event = getEvent(db, 1)!;
  const moved = time(() =>
    editEvent(db, event, { startsAt: '2025-10-01T00:00:00.000Z', endsAt: '2025-11-01T00:00:00.000Z' }, at),
  );
  closeStore(db);
  return { unchanged_s: figure(unchanged), window_moved_s: moved.ms / 1000, changed: moved.value.changes.length };
}

async function benchColdStart(path: string) {
  const runs: number[] = [];
  for (let run = 0; run < size.timingRuns; run += 1) {
    const started = Date.now();
    const server = await startServerProcess({ DATABASE_PATH: path }, dir);
    while ((await fetch(`${server.url}/healthz`).catch(() => null))?.status !== 200)
      await new Promise((r) => setTimeout(r, 10));
    runs.push(Date.now() - started);
    server.child.kill('SIGTERM');
    await exited(server.child);
  }
  return figure(runs);
}

async function benchSse(clients: number) {
  const dbPath = join(dir, `sse-${clients}.sqlite`);
  const seed = openStore(dbPath);
  seedSprint(seed);
  closeStore(seed);
  const pem = join(dir, 'app.pem');
  // `--only sse` runs without the ingest section, which writes the key otherwise.
  if (!existsSync(pem)) writeFileSync(pem, testPrivateKey());
  // Every stream comes from this machine's one address, and there are thousands: both caps are raised for the run.
  const server = await startServerProcess(
    {
      DATABASE_PATH: dbPath,
      APP_ID: '1',
      PRIVATE_KEY_PATH: pem,
      WEBHOOK_SECRET: SECRET,
      LIVE_STREAMS_MAX: String(clients + 100),
      LIVE_STREAMS_PER_ADDRESS: String(clients + 100),
    },
    dir,
  );
  const openStreams = (count: number) =>
    spawn(process.execPath, [
      '--max-old-space-size=4096',
      join(packageRoot, 'dist', 'test', 'bench', 'sse-clients.js'),
      `${server.url}/events/test-sprint/stream`,
      String(count),
    ]);
  // The baseline is taken after a few streams have come and gone, so what the route and the hub cost
  // once (code loaded and compiled, the heap grown) is not charged to each of the measured streams.
  const warm = openStreams(20);
  await new Promise<void>((resolve) =>
    createInterface({ input: warm.stdout }).on('line', (line) => line === 'ready' && resolve()),
  );
  warm.kill('SIGTERM');
  await exited(warm);
  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = rssMb(server.child.pid!);
  const child = openStreams(clients);
  const lines = createInterface({ input: child.stdout });
  const arrivals = new Map<string, number>();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  lines.on('line', (line) => {
    if (line === 'ready') ready();
    const match = /^all (\d+) (\d+)$/.exec(line);
    if (match) arrivals.set(match[1]!, Number(match[2]));
  });
  await isReady;
  await new Promise((r) => setTimeout(r, 500));
  const rssIdle = rssMb(server.child.pid!);
  const latencies: number[] = [];
  for (let i = 0; i < size.sseDeliveries; i += 1) {
    const before = arrivals.size;
    const result = await load(
      server.url,
      [{ id: `sse-${clients}-${i}`, body: JSON.stringify(pullRequestPayload({ number: 1000 + i })) }],
      1,
    );
    const ack = Date.now();
    if (result.failed) throw new Error('delivery failed');
    const deadline = Date.now() + 10_000;
    while (arrivals.size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    const last = [...arrivals.values()].at(-1)!;
    latencies.push(Math.max(0, last - ack));
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  server.child.kill('SIGTERM');
  await exited(server.child);
  latencies.sort((a, b) => a - b);
  return {
    clients,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    rss_mb: rssIdle,
    kib_per_connection: ((rssIdle - rssBefore) * 1024) / clients,
  };
}

/**
 * What a polling round costs a 500-sprinter event on 50 upstream repositories, in requests: the first
 * round (200 pull requests by sprinters, each reviewed by another sprinter, five leaders who joined),
 * a later round with nothing new, and a follow-up round after the window.
 */
async function benchPolling() {
  const github = await new GithubApiStandIn().start();
  const db = openStore(join(dir, 'poll.sqlite'));
  const registered = new Date('2024-05-01T00:00:00.000Z');
  const event = createEvent(db, {
    slug: 'poll',
    name: 'Poll',
    startsAt: '2024-05-10T00:00:00.000Z',
    endsAt: '2024-05-13T00:00:00.000Z',
    timeZone: 'UTC',
  });
  const repo = (r: number) => `upstream-org-${r}/project-${r}`;
  for (let r = 0; r < 50; r += 1)
    addProject(
      db,
      {
        eventId: event.id,
        forge: 'github',
        fullName: repo(r),
        url: `https://github.com/${repo(r)}`,
        leaders: r < 5 ? [`sprinter-${r}`] : [],
      },
      registered,
    );
  for (let s = 0; s < 500; s += 1)
    addMembership(
      db,
      event.id,
      upsertSprinter(db, { displayName: `S${s}`, githubLogin: `sprinter-${s}`, githubId: 100_000 + s }, registered).id,
      registered,
    );
  for (let i = 0; i < 200; i += 1) {
    const author = 10 + 2 * i;
    const at = new Date(Date.parse(event.startsAt) + i * 60_000).toISOString();
    github.items.push(
      github.item(repo(i % 50), 1000 + i, `sprinter-${author}`, 100_000 + author, { created_at: at, updated_at: at }),
    );
    github.review(repo(i % 50), 1000 + i, `sprinter-${author + 1}`, 100_000 + author + 1, at);
  }
  const client = createGithubClient({
    baseUrl: github.url,
    auth: { kind: 'token', token: 't' },
    log: createLogger('silent'),
  });
  const sources = { github: client, open: { hosts: new ForgeHosts([]) } };
  const round = async (at: string) => {
    const searchesBefore = client.counter.searchRequests;
    const result = await pollEvent(db, null, event, sources, { now: () => new Date(at) });
    if (result.errors.length) throw new Error(result.errors.join('; '));
    return { ...result, searches: client.counter.searchRequests - searchesBefore };
  };
  const first = await round('2024-05-12T00:00:00.000Z');
  const quiet = await round('2024-05-12T00:01:00.000Z');
  const followUp = await round('2024-05-20T00:00:00.000Z');
  await github.stop();
  closeStore(db);
  return {
    sprinters: 500,
    repositories: 50,
    strategy: first.githubStrategy,
    requests_per_round: first.requests,
    first_round_searches: first.searches,
    first_round_review_requests: first.reviewRequests,
    quiet_round_requests: quiet.requests,
    quiet_round_searches: quiet.searches,
    follow_up_searches: followUp.followUpQueries,
    rounds_per_hour: Math.floor(900 / Math.max(1, quiet.searches)),
  };
}

async function main() {
  log(`devsprint benchmarks${quick ? ' (quick)' : ''}, one run on this machine`);
  const results: Record<string, unknown> = { quick };
  const rows: Array<[string, string]> = [];
  if (runs('ingest')) {
    log('webhook ingest: the app against a bare node:http server, 50 concurrent connections');
    const ingest = await benchIngest();
    results.ingest = {
      app_rps: ingest.app_rps.median,
      bare_rps: ingest.bare_rps.median,
      ratio: ingest.ratio.median,
      app_cpu_us: ingest.app_cpu_us?.median ?? null,
      bare_cpu_us: ingest.bare_cpu_us?.median ?? null,
      app_p50_ms: ingest.app_p50_ms.median,
      app_p99_ms: ingest.app_p99_ms.median,
      bare_p99_ms: ingest.bare_p99_ms.median,
      failed: ingest.failed,
      detail: ingest,
    };
    rows.push(
      ['ingest: app deliveries/s', fmt(ingest.app_rps, 0)],
      ['ingest: bare server deliveries/s', fmt(ingest.bare_rps, 0)],
      ['ingest: app / bare', fmt(ingest.ratio, 2)],
      [
        'ingest: main-thread CPU µs a delivery, app / bare',
        ingest.app_cpu_us && ingest.bare_cpu_us
          ? `${fmt(ingest.app_cpu_us, 0)} / ${fmt(ingest.bare_cpu_us, 0)}`
          : 'n/a (no /proc)',
      ],
      ['ingest: app p50 / p99 ms', `${fmt(ingest.app_p50_ms)} / ${fmt(ingest.app_p99_ms)}`],
    );
  }
  if (runs('scale')) {
    log(
      `scale: ${size.scale.sprinters} sprinters, ${size.scale.contributions} contributions, ${size.scale.projects} projects`,
    );
    const scalePath = join(dir, 'scale.sqlite');
    const scale = await benchScale(scalePath);
    log('cold start on the scale database');
    const coldStart = await benchColdStart(scalePath);
    results.leaderboard = {
      p50_ms: scale.leaderboard_p50_ms.median,
      project_p50_ms: scale.leaderboard_project_p50_ms.median,
      event_page_p50_ms: scale.event_page_p50_ms.median,
      detail: scale,
    };
    results.report = { export_s: scale.export_s.median, memory_mb: scale.export_memory_mb.median };
    results.cold_start_ms = coldStart.median;
    results.cold_start = coldStart;
    rows.push(
      ['leaderboard top 50 p50 ms', fmt(scale.leaderboard_p50_ms, 3)],
      ['leaderboard per project p50 ms', fmt(scale.leaderboard_project_p50_ms, 3)],
      ['event page data p50 ms', fmt(scale.event_page_p50_ms, 2)],
      ['report.csv export s', fmt(scale.export_s, 2)],
      ['report.csv export memory growth MB', fmt(scale.export_memory_mb, 0)],
      ['cold start to /healthz ms', fmt(coldStart, 0)],
    );
  }
  if (runs('rejudge')) {
    log('rejudge: an event of 100000 contributions decided again');
    const rejudge = await benchRejudge(join(dir, 'rejudge.sqlite'));
    results.rejudge = { unchanged_s: rejudge.unchanged_s.median, window_moved_s: rejudge.window_moved_s };
    rows.push(
      ['rejudge 100k contributions, nothing changes s', fmt(rejudge.unchanged_s, 2)],
      [
        'rejudge 100k contributions, window moved s',
        `${rejudge.window_moved_s.toFixed(2)} (${rejudge.changed} changed)`,
      ],
    );
  }
  if (runs('sse')) {
    log('live fan-out');
    const sse = [];
    for (const clients of size.sseClients) sse.push(await benchSse(clients));
    const biggest = sse.at(-1)!;
    results.sse = {
      clients: biggest.clients,
      p99_ms: biggest.p99_ms,
      rss_mb: biggest.rss_mb,
      kib_per_connection: biggest.kib_per_connection,
      runs: sse,
    };
    rows.push(
      ...sse.map((s): [string, string] => [
        `SSE ${s.clients} clients: p50 / p99 ms, RSS MB, KiB/conn`,
        `${s.p50_ms} / ${s.p99_ms}, ${s.rss_mb.toFixed(0)}, ${s.kib_per_connection.toFixed(1)}`,
      ]),
    );
  }
  if (runs('polling')) {
    log('polling cost');
    const polling = await benchPolling();
    log(
      `upstream freshness: ${size.freshnessMinutes} simulated minutes of pull requests, polled as the search budget allows`,
    );
    const freshness = await benchFreshness(dir, size.freshnessMinutes);
    results.polling = { ...polling, freshness };
    rows.push(
      [
        'polling: first round requests (500 sprinters, 50 repos, 200 reviewed PRs)',
        `${polling.requests_per_round}: ${polling.first_round_searches} searches (${polling.strategy}, one of them reviewed-by:) + ${polling.requests_per_round - polling.first_round_searches} reviews endpoints`,
      ],
      [
        'polling: a round with nothing new',
        `${polling.quiet_round_requests} requests (${polling.quiet_round_searches} searches), ${polling.rounds_per_hour} rounds/hour fit half the search budget`,
      ],
      ['polling: follow-up after the window (every 6 h)', `${polling.follow_up_searches} searches`],
      [
        'polling: upstream freshness p50 / p95 / max s',
        `${freshness.p50_s.toFixed(0)} / ${freshness.p95_s.toFixed(0)} / ${freshness.max_s.toFixed(0)} (${freshness.pull_requests} pull requests, ${freshness.rounds} rounds)`,
      ],
      [
        'polling: search budget used, busiest minute / overall',
        `${(100 * freshness.peak_minute_share).toFixed(0)}% / ${(100 * freshness.mean_share).toFixed(0)}%, ${freshness.refused} refused`,
      ],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
}

main().then(
  () => rmSync(dir, { recursive: true, force: true }),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  },
);
