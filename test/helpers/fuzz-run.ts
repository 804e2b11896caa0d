import { sql } from './sql.js';
import { expect } from '@jest/globals';
import { deliver, startApp, type AppUnderTest } from './app-under-test.js';
import { seedSprint } from './seed.js';
import { addProject } from '../../src/store/projects.js';
import { pullRequestPayload, pushPayload, sha } from './examples.js';
import { mutate, rng } from './fuzz.js';
import { fixture, HOOK_KEY } from './pagure-standin.js';
import { pagureSignature } from '../../src/ingest/pagure/webhook-endpoint.js';

/**
 * Sends `cases` validly signed deliveries mutated from the GitHub and Pagure examples, a few at a time,
 * and checks the app's promises: never a 5xx for a payload's shape, never down, nothing invalid stored.
 */
export async function fuzzDeliveries(
  app: AppUnderTest,
  cases: number,
  seed = 20240510,
): Promise<Record<number, number>> {
  const random = rng(seed);
  const statuses: Record<number, number> = {};
  const bases = [
    () => ({ event: 'pull_request', payload: pullRequestPayload({ number: 1 + Math.floor(random() * 50) }) }),
    () => ({
      event: 'push',
      payload: pushPayload({
        commits: [{ sha: sha(String(random())), message: 'Fix (#3)\n\nCo-authored-by: A <a@example.org>' }],
      }),
    }),
    () => ({
      event: 'pagure',
      payload: JSON.parse(fixture(random() < 0.5 ? 'hook-pull-request-new.json' : 'hook-git-receive.json')),
    }),
  ];
  const one = async (i: number) => {
    const base = bases[i % bases.length]!();
    const payload = mutate(base.payload, random);
    let status: number;
    if (base.event === 'pagure') {
      const body = JSON.stringify(payload);
      const response = await fetch(`${app.url}/api/pagure/webhooks`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-pagure-signature-256': pagureSignature(body, HOOK_KEY) },
      });
      await response.arrayBuffer();
      status = response.status;
    } else {
      status = (await deliver(app, base.event, payload)).status;
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 500) {
      if (process.env.FUZZ_DUMP)
        (await import('node:fs')).writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(payload));
      throw new Error(`case ${i} (${base.event}) answered ${status}: ${JSON.stringify(payload).slice(0, 300)}`);
    }
  };
  const concurrency = 8;
  for (let i = 0; i < cases; i += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, cases - i) }, (_, k) => one(i + k)));
  }
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  expect(sql(app.db).pragma('integrity_check', { simple: true })).toBe('ok');
  const invalid = sql(app.db)
    .prepare(
      `SELECT count(*) FROM contributions WHERE state NOT IN ('open','merged','closed','unknown')
      OR url NOT LIKE 'http%' OR julianday(created_at) IS NULL OR length(key) = 0`,
    )
    .pluck()
    .get();
  expect(invalid).toBe(0);
  return statuses;
}

/** An app with a registered GitHub repository and a Pagure project whose key signs the fuzzed Pagure deliveries. */
export async function startFuzzTarget(): Promise<AppUnderTest> {
  const app = await startApp();
  const event = seedSprint(app.db);
  addProject(app.db, {
    eventId: event.id,
    forge: 'pagure',
    fullName: 'infra/example-tool',
    url: 'https://pagure.io/infra/example-tool',
    webhookKey: HOOK_KEY,
  });
  return app;
}
