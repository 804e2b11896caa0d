import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/create-app.js';
import type { EventBus } from '../../src/live/event-bus.js';
import type { LiveHub } from '../../src/live/live-hub.js';
import { createLogger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { BackgroundWork } from '../../src/services/background-work.js';
import type { SyncScheduler } from '../../src/services/sync-scheduler.js';
import type { Store } from '../../src/store/store.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-7c1f';

let cachedKey: string | null = null;
/** A real RSA key, as GitHub issues one per app: Probot refuses to start without a valid key. */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  return cachedKey;
}

export interface AppUnderTest {
  url: string;
  db: Store;
  bus: EventBus;
  hub: LiveHub;
  dir: string;
  dbPath: string;
  sync?: SyncScheduler;
  /** The bot's queue: `await app.background.idle()` before asserting what it posted, or that it posted nothing. */
  background: BackgroundWork;
  close: () => Promise<void>;
}

/**
 * The app's clock in tests: a real, running clock set back to the morning of the seeded sprint
 * (`WINDOW`), so people can join it as they would in the room; tests that need another time pass `now`.
 */
export function duringTheSprint(): () => Date {
  const offset = Date.parse('2024-05-10T06:00:00.000Z') - Date.now();
  return () => new Date(Date.now() + offset);
}

/**
 * The whole app on a loopback port, over a real SQLite file in a temporary folder, wired by createApp as
 * main.ts wires it. `sync`: with its scheduler (not started: tests call its rounds).
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { now?: () => Date; metrics?: Metrics; sync?: boolean } = {},
): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'devsprint-test-'));
  const dbPath = join(dir, 'devsprint.sqlite');
  const config = loadConfig({
    APP_ID: '12345',
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'silent',
    GITHUB_PACING: 'none',
    LIVE_STREAMS_MAX: '1000',
    ...env,
  });
  const app = await createApp(config, {
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    now: options.now ?? duringTheSprint(),
    metrics: options.metrics ?? false,
    polling: options.sync ? 'on-demand' : 'off',
    externalChangesMs: 100,
  });
  app.start();
  const server: Server = await new Promise((resolve) => {
    const s = createHttpServer(app.listener).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: app.db,
    bus: app.bus,
    dir,
    dbPath,
    hub: app.hub,
    sync: app.sync,
    background: app.background,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

export interface DeliveryOptions {
  id?: string;
  secret?: string;
  signature?: string | null;
  rawBody?: string;
}

/** Sends one webhook delivery the way GitHub does: JSON body, event and delivery headers, HMAC signature. */
export async function deliver(
  app: AppUnderTest,
  event: string,
  payload: unknown,
  options: DeliveryOptions = {},
): Promise<{ status: number; body: string; id: string }> {
  const body = options.rawBody ?? JSON.stringify(payload);
  const id = options.id ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': id,
    'user-agent': 'GitHub-Hookshot/test',
  };
  const signature = options.signature === undefined ? sign(body, options.secret) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const response = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), id };
}
