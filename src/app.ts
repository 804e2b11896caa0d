import type { ApplicationFunction } from 'probot';
import { registerGithubWebhooks, type GithubWebhookDeps } from './sources/github/webhooks.js';

/** The Probot app: wiring only; the handlers live in sources/github. */
export function createApp(deps: GithubWebhookDeps): ApplicationFunction {
  return (app) => {
    registerGithubWebhooks(app, deps);
  };
}
