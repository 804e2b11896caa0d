import { openStore, closeStore } from '../../src/store/store.js';
import { sql } from '../helpers/sql.js';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPrivateKey } from '../helpers/app-under-test.js';
import { pullRequestPayload } from '../helpers/examples.js';
import { rng } from '../helpers/fuzz.js';
import { seedSprint } from '../helpers/seed.js';
import { exited, startServerProcess } from '../helpers/server-process.js';

const SECRET = 'crash-test-secret';
let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devsprint-crash-'));
  writeFileSync(join(dir, 'app.pem'), testPrivateKey());
  env = {
    DATABASE_PATH: join(dir, 'db.sqlite'),
    APP_ID: '1',
    PRIVATE_KEY_PATH: join(dir, 'app.pem'),
    WEBHOOK_SECRET: SECRET,
  };
  const db = openStore(env.DATABASE_PATH!);
  seedSprint(db);
  closeStore(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('killed with SIGKILL during a stream of deliveries, three times: every acknowledged delivery is kept, none twice', async () => {
  const random = rng(7);
  const acknowledged = new Set<string>();
  let next = 1;
  for (let round = 0; round < 3; round += 1) {
    const server = await startServerProcess(env, dir);
    let killed = false;
    const killAfter = 150 + Math.floor(random() * 600);
    setTimeout(() => {
      killed = true;
      server.child.kill('SIGKILL');
    }, killAfter);
    const worker = async () => {
      while (!killed) {
        const number = next++;
        const body = JSON.stringify(pullRequestPayload({ number, title: `Crash ${number}` }));
        const id = `crash-${number}`;
        try {
          const response = await fetch(`${server.url}/api/github/webhooks`, {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': id,
              'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
            },
          });
          if (response.status >= 200 && response.status < 300) acknowledged.add(id);
        } catch {
          // The process died mid-request: this delivery was not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await exited(server.child);
  }
  expect(acknowledged.size).toBeGreaterThan(20);

  // A clean restart recovers the WAL; then every acknowledged delivery must be there exactly once.
  const last = await startServerProcess(env, dir);
  last.child.kill('SIGTERM');
  await exited(last.child);
  const db = openStore(env.DATABASE_PATH!);
  try {
    expect(sql(db).pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(sql(db).prepare(`SELECT delivery_id FROM deliveries`).pluck().all() as string[]);
    const missing = [...acknowledged].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    const keys = sql(db).prepare(`SELECT key FROM contributions`).pluck().all() as string[];
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of acknowledged) expect(keys).toContain(id.replace('crash-', ''));
    expect(sql(db).prepare(`SELECT pull_requests FROM sprinter_stats`).pluck().get()).toBe(keys.length);
  } finally {
    closeStore(db);
  }
}, 120_000);
