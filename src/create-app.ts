import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { EventBus } from './live/event-bus.js';
import { LiveHub } from './live/live-hub.js';
import { defaultMaxStreams, openFileLimit } from './live/stream-limits.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { isSealed, SecretBox } from './secrets.js';
import { createServer } from './server.js';
import { BackgroundWork } from './services/background-work.js';
import { ExternalChanges } from './services/external-changes.js';
import { liveSnapshot } from './services/live-snapshot.js';
import { SyncScheduler } from './services/sync-scheduler.js';
import { resealWebhookKeys } from './store/projects.js';
import { closeStore, openStore, type Store } from './store/store.js';
import type { Views } from './web/views.js';
import { SetupGate } from './web/setup-gate.js';
import { resolve } from 'node:path';

/**
 * Polling and backfill: `scheduled` runs rounds on their timers once started (the server); `on-demand`
 * builds the scheduler for rounds its caller runs (the command line, tests) and lets web registrations
 * backfill; `off` has none.
 */
export type Polling = 'scheduled' | 'on-demand' | 'off';

export interface AppDeps {
  log?: Logger;
  now?: () => Date;
  /** The HTTP client for forges' OAuth endpoints and GitHub's API. */
  fetch?: typeof fetch;
  /** An open store the caller keeps (the command line); otherwise the config's database is opened and closed here. */
  db?: Store;
  polling?: Polling;
  /** Prometheus metrics; a test passes its own to read them. */
  metrics?: Metrics | false;
  views?: Views;
  /** How often changes that another process (the command line) committed are looked for. */
  externalChangesMs?: number;
  /** The .env file the setup page writes the registered GitHub App's credentials to. */
  envPath?: string;
}

/** Everything but the HTTP listener: what the command line and benchmarks need too. */
export interface AppParts {
  config: Config;
  log: Logger;
  db: Store;
  bus: EventBus;
  hub: LiveHub;
  secrets: SecretBox;
  metrics: Metrics | undefined;
  sync: SyncScheduler | undefined;
  background: BackgroundWork;
  /** While no GitHub App is configured: the setup link's gate (its token is printed at start-up). */
  setup: SetupGate | null;
  /** Starts the timers (changes of other processes, scheduled polling). */
  start: () => void;
  /** Ends live streams, lets queued and running work finish, closes the database if this opened it. */
  stop: () => Promise<void>;
}

export interface App extends AppParts {
  listener: RequestListener;
}

/** The one wiring of the app's parts, in order: log, database, secrets, live updates, work queues, scheduler. */
export function createParts(config: Config, deps: AppDeps = {}): AppParts {
  const log = deps.log ?? createLogger(config.logLevel, config.logFormat);
  const db = deps.db ?? openStore(config.databasePath);
  const secrets = openSecrets(config, db);
  const bus = new EventBus();
  const hub = new LiveHub({
    bus,
    snapshot: (eventId) => liveSnapshot(db, eventId),
    maxStreams: config.liveStreams.max ?? defaultMaxStreams(openFileLimit()),
    maxStreamsPerAddress: config.liveStreams.perAddress,
  });
  const metrics = deps.metrics === false ? undefined : (deps.metrics ?? new Metrics(() => hub.clientCount()));
  const polling = deps.polling ?? 'scheduled';
  const sync =
    polling === 'off'
      ? undefined
      : new SyncScheduler({ db, bus, log, config, now: deps.now, metrics, fetch: deps.fetch });
  const background = new BackgroundWork({ log });
  const external = new ExternalChanges(db, bus, deps.externalChangesMs);
  return {
    config,
    log,
    db,
    bus,
    hub,
    secrets,
    metrics,
    sync,
    background,
    setup: config.github ? null : new SetupGate(),
    start: () => {
      external.start();
      if (polling === 'scheduled') sync?.start();
    },
    stop: async () => {
      hub.close();
      external.stop();
      await background.idle();
      await sync?.stop();
      if (!deps.db) closeStore(db);
    },
  };
}

/** The whole app: its parts and the request listener that serves them (it never listens: main.ts and tests do). */
export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const parts = createParts(config, deps);
  const listener = await createServer({
    ...parts,
    views: deps.views,
    now: deps.now,
    fetch: deps.fetch,
    envPath: deps.envPath ?? resolve('.env'),
  });
  return { ...parts, listener };
}

/**
 * Secrets come from settings or are sealed with a key kept outside the database, so a copy of the database
 * unlocks nothing. Web-hook keys stored before sealing existed are sealed here, once, at start-up.
 */
function openSecrets(config: Config, db: Store): SecretBox {
  const secrets = SecretBox.load(config.secretKey, config.databasePath);
  resealWebhookKeys(db, (stored) => (isSealed(stored) ? null : secrets.seal(stored)));
  return secrets;
}
