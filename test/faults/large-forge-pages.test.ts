import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgeApiStandIn } from '../helpers/forge-api-standin.js';
import { exited, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { createEvent } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { closeStore, openStore } from '../../src/store/store.js';

/**
 * A Forgejo instance whose pull request pages are 9 MB each (one pull request with a huge description,
 * as a stranger's repository can have), polled every second for twelve projects by the real server: the
 * pages it keeps for their ETags are bounded in bytes, so its memory comes back near where it started.
 */
const PROJECTS = 12;
let dir: string;
let forgejo: ForgeApiStandIn;
let server: ServerProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-pages-'));
  forgejo = await new ForgeApiStandIn('forgejo').start();
  // Forgejo's pull request shape (fields from its API's PullRequest), with a 9 MB body.
  forgejo.pulls = [
    {
      number: 1,
      title: 'A very long description',
      body: 'x'.repeat(9 * 1024 * 1024),
      user: { id: 7101, login: 'dana' },
      state: 'open',
      merged: false,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    },
  ];
  server = await startServerProcess(
    {
      DATABASE_PATH: join(dir, 'db.sqlite'),
      POLL_INTERVAL_SECONDS: '1',
      FORGE_HOSTS: `https://github.com,${forgejo.url}`,
    },
    dir,
  );
}, 30_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  if (server) await exited(server.child);
  await forgejo.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rssMb = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

test('twelve projects answering 9 MB pages, polled round after round: RSS comes back within 100 MB of its baseline', async () => {
  const baseline = rssMb();
  const db = openStore(join(dir, 'db.sqlite'));
  try {
    const now = Date.now();
    const event = createEvent(db, {
      slug: 'big-pages',
      name: 'Big Pages',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      timeZone: 'UTC',
    });
    for (let n = 0; n < PROJECTS; n += 1)
      addProject(db, {
        eventId: event.id,
        forge: 'forgejo',
        fullName: `big/repo${n}`,
        url: `${forgejo.url}/big/repo${n}`,
        instanceUrl: forgejo.url,
      });
  } finally {
    closeStore(db);
  }
  const pages = () => forgejo.requests.filter((r) => r.path.endsWith('/pulls')).length;
  let peak = baseline;
  const pagesServed = (n: number) =>
    forgejo.served((requests) => {
      peak = Math.max(peak, rssMb());
      return requests.filter((r) => r.path.endsWith('/pulls')).length >= n;
    });
  // Two rounds over the projects (the second revalidates every page by its ETag): 108 MB of pages,
  // more than the 100 MB bound if every page were kept.
  await pagesServed(2 * PROJECTS);
  // What the rounds allocate becomes garbage, collected as the server goes on; when depends on the
  // machine's load, so further rounds are waited for (by what the server asked, not by a clock), up to
  // twenty. The pages the cache keeps stay within its byte bound: without it RSS never comes back.
  for (let round = 3; round <= 22 && rssMb() - baseline >= 100; round += 1) await pagesServed(round * PROJECTS);
  console.log(
    `${pages()} pages of 9 MB: RSS baseline ${baseline.toFixed(0)} MB, peak +${(peak - baseline).toFixed(0)} MB, ${(rssMb() - baseline).toFixed(0)} MB over baseline afterwards`,
  );
  expect(rssMb() - baseline).toBeLessThan(100);
  expect(server.child.exitCode).toBeNull();
}, 120_000);
