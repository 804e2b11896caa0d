import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import { ConfigError, githubSetupHint, loadConfig, type Config } from './config.js';
import { createApp, type App } from './create-app.js';
import { DatabaseOpenError } from './store/store.js';

/** Start-up, in order: read config → build the app (database, migrations, parts) → listen → start timers. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = await orFail(
    () => loadConfig(),
    ConfigError,
    (message) => message,
  );
  const app = await orFail(
    () => createApp(config),
    DatabaseOpenError,
    (message) => `DATABASE_PATH: ${message}`,
  );
  const { log } = app;
  // Slow clients (headers or body trickled in) are cut off instead of holding a socket for minutes. Node
  // enforces these limits on a timer that runs every 30 s by default, which let trickled headers live for
  // up to 45 s: checking every second keeps the 15 s promise.
  const server = createHttpServer(
    { headersTimeout: 15_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    app.listener,
  ).listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) =>
    fail(`PORT=${config.port}: cannot listen on ${config.host}:${config.port} (${error.code ?? error.message})`),
  );
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port, database: resolve(config.databasePath) }, `devsprint listening on http://${config.host}:${port}`);
    announceWebhooks(app, config, port);
    app.start();
  });

  /** Stop accepting, let in-flight deliveries finish and commit, end live streams with a retry hint, close the database. */
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    server.close(() => {
      void app.stop().finally(() => {
        log.info('stopped');
        process.exit(0);
      });
    });
    app.hub.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function announceWebhooks(app: App, config: Config, port: number): void {
  if (config.github) {
    app.log.info({ webhookPath: config.webhookPath }, `GitHub webhooks accepted at ${config.webhookPath}`);
    return;
  }
  // The setup page answers only on this machine, so its link names this machine whatever HOST is.
  const host = ['0.0.0.0', '::', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host;
  const link = app.setup
    ? `http://${host.includes(':') ? `[${host}]` : host}:${port}/setup?token=${app.setup.token}`
    : null;
  app.log.warn(githubSetupHint(config, link));
  // Said plainly too, for someone reading a terminal rather than a log collector.
  if (link) process.stderr.write(`\ndevsprint: register the GitHub App: open ${link}\n\n`);
}

/** A known error (a setting, the database) ends start-up with one line naming what to fix; others are thrown. */
async function orFail<T>(
  build: () => T | Promise<T>,
  known: new (...args: never[]) => Error,
  say: (message: string) => string,
): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof known) fail(say(error.message));
    throw error;
  }
}

function fail(message: string): never {
  process.stderr.write(`devsprint: cannot start: ${message}\n`);
  process.exit(1);
}

await main();
