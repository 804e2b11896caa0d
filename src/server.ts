import { accountRoutes } from './web/account-routes.js';
import { FORGEJO_WEBHOOK_PATH, forgejoWebhookEndpoint } from './ingest/forgejo/webhook-endpoint.js';
import { GITLAB_WEBHOOK_PATH, gitlabWebhookEndpoint } from './ingest/gitlab/webhook-endpoint.js';
import type { EnrichResult } from './services/enrich-imports.js';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { createGithubApp } from './app.js';
import type { Config } from './config.js';
import type { EventBus } from './live/event-bus.js';
import { pingStore, type Store } from './store/store.js';
import { CommitQueue } from './store/commit-queue.js';
import type { LiveHub } from './live/live-hub.js';
import type { Metrics } from './metrics.js';
import { projectStaleness } from './services/project-staleness.js';
import { publicRoutes } from './web/public-routes.js';
import { loadViews, type Views } from './web/views.js';
import type { SecretBox } from './secrets.js';
import type { BackgroundWork } from './services/background-work.js';
import { authRoutes } from './web/auth-routes.js';
import { HttpError } from './web/http-error.js';
import { MEMBERSHIP_CHANGES, PersonLimiter, REGISTRATIONS, TooManyRequests } from './web/person-limits.js';
import { leaderRoutes } from './web/leader-routes.js';
import { organizerRoutes } from './web/organizer-routes.js';
import { renderPage, type PageKit } from './web/page-kit.js';
import { loadViewer } from './web/session.js';
import { sprinterRoutes } from './web/sprinter-routes.js';
import { taskRoutes } from './web/task-routes.js';
import { metricsRoute } from './web/metrics-route.js';
import { stripBidiFromForms } from './web/typed-text.js';
import { BodyBudget } from './ingest/read-limited-body.js';
import { PAGURE_WEBHOOK_PATH, pagureWebhookEndpoint } from './ingest/pagure/webhook-endpoint.js';
import { githubWebhookEndpoint } from './ingest/github/webhook-endpoint.js';
import { setupRoutes } from './web/setup-routes.js';
import type { SetupGate } from './web/setup-gate.js';
import { installationPermission } from './services/installation-permission.js';

export interface ServerDeps {
  config: Config;
  db: Store;
  bus: EventBus;
  hub: LiveHub;
  log: Logger;
  views?: Views;
  now?: () => Date;
  /** The HTTP client for GitHub's OAuth endpoints (tests point GITHUB_URL at a stand-in instead). */
  fetch?: typeof fetch;
  /** Polling and backfill; registrations on the web ask it to fetch earlier work at once. */
  sync?: {
    backfill: (eventId: number) => void;
    enrich: (eventId: number) => Promise<EnrichResult | null>;
    taskComments: (eventId: number) => Promise<unknown>;
  };
  metrics?: Metrics;
  /** The key secrets are sealed and derived with (read at start-up, see create-app.ts). */
  secrets: SecretBox;
  /** Work after a delivery is answered (the bot). */
  background: BackgroundWork;
  /** While no GitHub App is configured: who may register it from the setup page. */
  setup?: SetupGate | null;
  /** Where the setup page writes the registered app's credentials. */
  envPath?: string;
}

/**
 * Builds the app's request listener; it never listens (main.ts and the tests do). GitHub deliveries,
 * the hot path in a sprint room's bursts, go straight to their endpoint; everything else through Express.
 */
export async function createServer(deps: ServerDeps): Promise<RequestListener> {
  const { config, log } = deps;
  const views = deps.views ?? loadViews();
  const now = deps.now ?? (() => new Date());
  const writes = new CommitQueue(deps.db);
  deps.metrics?.followStaleness(() => projectStaleness(deps.db, now()));
  // One budget for the bodies of every forge's deliveries being read at once.
  const bodies = new BodyBudget(config.webhookBodyBudgetBytes);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // GitHub's answers are JSON for GitHub, with their own minimal security headers instead of helmet's.
  // Forges' deliveries, the hot path in a sprint room's bursts, go straight to their endpoints (ingest/),
  // which read the exact bytes before anything parses them; everything else goes through Express.
  const endpoints = new Map<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>();
  /** GitHub's deliveries are accepted from now on: at start-up, or once the setup page registered the app. */
  const enableGithub = (): void => {
    if (!config.github) return;
    const router = createGithubApp(config.github, config.githubApiUrl, config.githubPacing, log, {
      db: deps.db,
      writes,
      bus: deps.bus,
      log,
      config,
      now: deps.now,
      metrics: deps.metrics,
      background: deps.background,
    });
    endpoints.set(
      config.webhookPath,
      githubWebhookEndpoint({ router, bodies, secret: config.github.webhookSecret, log }),
    );
  };
  enableGithub();
  if (!config.github) {
    app.post(config.webhookPath, (_req, res) => {
      res
        .status(503)
        .json({ error: `GitHub webhooks are not configured on this server: set ${config.githubMissing.join(', ')}` });
    });
  }

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );

  const secrets = deps.secrets;
  // Pages, reports and JSON go out gzip- or brotli-compressed when the browser accepts it (a projector on
  // venue Wi-Fi fetches every few seconds); live streams are left alone, since compression would hold
  // their events back until a buffer fills.
  app.use(compression({ filter: (req, res) => !req.path.endsWith('/stream') && compression.filter(req, res) }));
  const sessions = { db: deps.db, config, secret: config.sessionSecret ?? secrets.derive('session'), now };
  const kit: PageKit = {
    db: deps.db,
    views,
    config,
    bus: deps.bus,
    now,
    sync: deps.sync,
    secrets,
    permissionOnRepo: installationPermission(deps.db, config, log, deps.fetch),
    setup: deps.setup ?? null,
    log,
    limits: { registrations: new PersonLimiter(REGISTRATIONS), memberships: new PersonLimiter(MEMBERSHIP_CHANGES) },
  };
  app.use(express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 100 }));
  app.use(stripBidiFromForms);
  app.use(loadViewer(sessions));
  if (deps.setup)
    app.use(setupRoutes(kit, { gate: deps.setup, envPath: deps.envPath ?? '.env', enableGithub, fetch: deps.fetch }));
  app.use(publicRoutes(kit, deps.hub));
  app.use(authRoutes({ ...sessions, fetch: deps.fetch }));
  app.use(accountRoutes({ ...sessions, fetch: deps.fetch }));
  app.use(sprinterRoutes(kit));
  app.use(taskRoutes(kit));
  app.use(leaderRoutes(kit));
  app.use(organizerRoutes(kit));

  app.use(metricsRoute(deps.metrics, config.metricsToken));

  app.get('/healthz', (_req, res) => {
    pingStore(deps.db);
    res.set('cache-control', 'no-store').json({ status: 'ok', webhooks: config.github ? 'enabled' : 'disabled' });
  });

  app.use((req, _res, next) => next(new HttpError(404, 'Page not found', `Nothing lives at ${req.path}.`)));
  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      // A stream failed half-way (a download): cut the connection so the client sees it is incomplete.
      log.error({ err: error, path: req.path }, 'response failed after it started');
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      if (error instanceof TooManyRequests) res.set('retry-after', String(error.retryAfterSeconds));
      renderPage(
        kit,
        res,
        'error',
        { title: error.heading, heading: error.heading, message: error.message },
        error.status,
      );
      return;
    }
    // body-parser's own errors (too large, malformed) carry a 4xx status.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      renderPage(
        kit,
        res,
        'error',
        { title: 'Bad request', heading: 'That request could not be read', message: error.message },
        status,
      );
      return;
    }
    log.error({ err: error, path: req.path }, 'request failed');
    renderPage(
      kit,
      res,
      'error',
      {
        title: 'Error',
        heading: 'Something went wrong on our side',
        message: 'It has been logged. Nothing was changed.',
      },
      500,
    );
  });

  const sharedSecretDeps = { bodies, db: deps.db, secrets, writes, bus: deps.bus, log, now, metrics: deps.metrics };
  endpoints.set(PAGURE_WEBHOOK_PATH, pagureWebhookEndpoint(sharedSecretDeps));
  endpoints.set(GITLAB_WEBHOOK_PATH, gitlabWebhookEndpoint(sharedSecretDeps));
  endpoints.set(FORGEJO_WEBHOOK_PATH, forgejoWebhookEndpoint(sharedSecretDeps));
  return (req, res) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const endpoint = endpoints.get(query === -1 ? url : url.slice(0, query));
    if (!endpoint) return void app(req, res);
    endpoint(req, res).catch((error: Error) => {
      // Only the connection can fail here (a client gone mid-body): the endpoints answer everything else.
      log.warn({ err: error, delivery: req.headers['x-github-delivery'] ?? null, path: url }, 'webhook request failed');
      if (!res.headersSent)
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    });
  };
}
