import { Probot } from 'probot';
import type { Logger } from 'pino';
import type { GithubAppConfig } from './config.js';
import { createDeliveryRouter, type DeliveryRouter } from './ingest/github/delivery-router.js';
import { probotInstallationOctokit } from './sources/github/installation-octokit.js';
import type { GithubPacing } from './sources/github/pacing.js';
import { registerGithubWebhooks, type GithubWebhookDeps } from './ingest/github/handlers.js';

/**
 * The GitHub App: Probot holds its identity and builds its clients (the app's JWT, installation
 * tokens, rate limits and retries); deliveries are routed to the handlers in sources/github.
 */
export function createGithubApp(
  github: GithubAppConfig,
  apiUrl: string,
  pacing: GithubPacing,
  log: Logger,
  deps: GithubWebhookDeps,
): DeliveryRouter {
  const probot = new Probot({
    appId: github.appId,
    privateKey: github.privateKey,
    secret: github.webhookSecret,
    baseUrl: apiUrl,
    log: log.child({ name: 'probot' }),
    Octokit: probotInstallationOctokit(pacing),
  });
  const router = createDeliveryRouter(probot, github.webhookSecret);
  registerGithubWebhooks(router, deps);
  return router;
}
