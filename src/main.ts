import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import { ConfigError, githubSetupHint, loadConfig } from './config.js';
import { EventBus } from './live/event-bus.js';
import { LiveHub } from './live/live-hub.js';
import { defaultMaxStreams, openFileLimit } from './live/stream-limits.js';
import { liveSnapshot } from './services/live-snapshot.js';
import { SyncScheduler } from './services/sync-scheduler.js';
import { ExternalChanges } from './services/external-changes.js';
import { Metrics } from './metrics.js';
import { createLogger } from './logger.js';
import { createServer } from './server.js';
import { closeStore, DatabaseOpenError, openStore } from './store/store.js';

/** Start-up, in order: read config → open and migrate the database → build the server → listen. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const log = createLogger(config.logLevel);
  let db;
  try {
    db = openStore(config.databasePath);
  } catch (error) {
    if (error instanceof DatabaseOpenError) fail(`DATABASE_PATH: ${error.message}`);
    throw error;
  }
  const bus = new EventBus();
  const hub = new LiveHub({
    bus,
    snapshot: (eventId) => liveSnapshot(db, eventId),
    maxStreams: config.liveStreams.max ?? defaultMaxStreams(openFileLimit()),
    maxStreamsPerAddress: config.liveStreams.perAddress,
  });
  const metrics = new Metrics(() => hub.clientCount());
  const external = new ExternalChanges(db, bus).start();
  const sync = new SyncScheduler({ db, bus, log, config, metrics });
  // Slow clients (headers or body trickled in) are cut off instead of holding a socket for minutes. Node
  // enforces these limits on a timer that runs every 30 s by default, which let trickled headers live for
  // up to 45 s: checking every second keeps the 15 s promise.
  const server = createHttpServer(
    { headersTimeout: 15_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    await createServer({ config, db, bus, hub, log, sync, metrics }),
  ).listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) =>
    fail(`PORT=${config.port}: cannot listen on ${config.host}:${config.port} (${error.code ?? error.message})`),
  );
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port, database: resolve(config.databasePath) }, `devsprint listening on http://${config.host}:${port}`);
    if (config.github)
      log.info({ webhookPath: config.webhookPath }, `GitHub webhooks accepted at ${config.webhookPath}`);
    else log.warn(githubSetupHint(config));
    sync.start();
  });

  /** Stop accepting, let in-flight deliveries finish and commit, end live streams with a retry hint, close the database. */
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    hub.close();
    external.stop();
    server.close(() => {
      void sync.stop().finally(() => {
        closeStore(db);
        log.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function fail(message: string): never {
  process.stderr.write(`devsprint: cannot start: ${message}\n`);
  process.exit(1);
}

await main();
