import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { ForgeHosts } from '../../src/domain/forge-hosts.js';
import { joinEvent } from '../../src/services/join-event.js';
import { pollEvent } from '../../src/services/poll-event.js';
import { createEvent } from '../../src/store/events.js';
import { addProject } from '../../src/store/projects.js';
import { closeStore, openStore, type Store } from '../../src/store/store.js';

/** A listed forge that answers a 400 MB page: the poller must stop reading at its cap. */
let forge: Server;
let forgeUrl = '';
let sent = 0;
let dir: string;
let db: Store;

beforeAll(async () => {
  forge = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 32);
    const more = () => {
      while (sent < 400 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    res.write('{"requests": [');
    more();
  });
  forgeUrl = await listenOnLoopback(forge);
  dir = mkdtempSync(join(tmpdir(), 'devsprint-forge-cap-'));
  db = openStore(join(dir, 'db.sqlite'));
});
afterAll(async () => {
  forge.closeAllConnections();
  await closeServer(forge);
  closeStore(db);
  rmSync(dir, { recursive: true, force: true });
});

test('an over-size answer is cut at the cap, reported as a failed request, and memory stays bounded', async () => {
  const event = createEvent(db, {
    slug: 'cap',
    name: 'Cap',
    startsAt: '2024-05-10T00:00:00.000Z',
    endsAt: '2024-05-12T00:00:00.000Z',
    timeZone: 'UTC',
  });
  addProject(db, {
    eventId: event.id,
    forge: 'pagure',
    fullName: 'big',
    url: `${forgeUrl}/big`,
    instanceUrl: forgeUrl,
  });
  joinEvent(db, event.id, { displayName: 'Bob', pagureUsername: 'bob' });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const result = await pollEvent(db, null, event, { github: null, open: { hosts: new ForgeHosts([forgeUrl]) } });
  clearInterval(sampler);
  // Both requests of the round (the default branch, then the pull requests) meet the same answer, and each is cut.
  expect(result.errors).toHaveLength(2);
  for (const error of result.errors) expect(error).toContain('the answer passed the 10485760-byte cap');
  // The forge was stopped long before its 400 MB, and the poller held about the cap, not the answer.
  expect(sent).toBeLessThan(100 * 1024 * 1024);
  expect((peak - baseline) / 1024 / 1024).toBeLessThan(100);
  console.log(
    `forge answer cap: ${(sent / 1024 / 1024).toFixed(0)} MB sent before the cut, RSS peak +${((peak - baseline) / 1024 / 1024).toFixed(0)} MB`,
  );
}, 60_000);
