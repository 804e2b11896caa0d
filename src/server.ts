import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createNodeMiddleware, Probot } from 'probot';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { EventBus } from './live/event-bus.js';
import type { Db } from './store/database.js';
import { MAX_WEBHOOK_BYTES, refuseOversizedBodies } from './web/limit-body.js';
import type { LiveHub } from './live/live-hub.js';
import { publicRoutes } from './web/public-routes.js';
import { loadViews, type Views } from './web/views.js';

export interface ServerDeps {
  config: Config;
  db: Db;
  bus: EventBus;
  hub: LiveHub;
  log: Logger;
  views?: Views;
  now?: () => Date;
}

/** Builds the HTTP app; it never listens (main.ts and the tests do). */
export async function createServer(deps: ServerDeps): Promise<express.Express> {
  const { config, log } = deps;
  const views = deps.views ?? loadViews();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({
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
  }));

  // The webhook middleware reads the raw body to check its signature, so it comes before any body parser.
  app.use(config.webhookPath, refuseOversizedBodies(MAX_WEBHOOK_BYTES));
  if (config.github) {
    const probot = new Probot({
      appId: config.github.appId,
      privateKey: config.github.privateKey,
      secret: config.github.webhookSecret,
      baseUrl: config.githubApiUrl,
      log: log.child({ name: 'probot' }),
    });
    app.use(await createNodeMiddleware(createApp(deps), { probot, webhooksPath: config.webhookPath }));
  } else {
    app.post(config.webhookPath, (_req, res) => {
      res.status(503).json({ error: `GitHub webhooks are not configured on this server: set ${config.githubMissing.join(', ')}` });
    });
  }

  app.use(publicRoutes({ db: deps.db, views, hub: deps.hub }));

  app.get('/healthz', (_req, res) => {
    deps.db.prepare('SELECT 1').get();
    res.set('cache-control', 'no-store').json({ status: 'ok', webhooks: config.github ? 'enabled' : 'disabled' });
  });

  app.use((req, res) => {
    res.status(404).send(views.render('error', { title: 'Not found', heading: 'Page not found', message: `Nothing lives at ${req.path}.` }));
  });
  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
    log.error({ err: error, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).type('text/plain').send('Something went wrong on our side; it has been logged.\n');
  });
  return app;
}
