import { Octokit } from '@octokit/core';
import type { OctokitOptions } from '@octokit/core/types';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createProbotAuth } from 'octokit-auth-probot';
import type { ProbotOctokit } from 'probot';
import { pacingOptions, type GithubPacing } from './pacing.js';

interface Throttled {
  method: string;
  url: string;
}

const classes = new Map<GithubPacing, typeof ProbotOctokit>();

/**
 * The client class Probot builds the app's clients from (probot.auth). The bot sends plain requests
 * only, so this class has just what they need: Probot's auth, rate limits honoured and transient errors
 * retried. Probot's default class also wires every REST method, pagination and config loading, which
 * costs two to three times as much to build for methods the app never calls.
 *
 * The options are set by a function, not merged: Probot hands each installation client a `throttle` of its
 * own that, without `enabled: true`, turns throttling off (and a plain merge would replace ours with it),
 * which left the bot's writes unpaced and GitHub's rate limits unheeded.
 */
function installationOctokit(pacing: GithubPacing) {
  const paced = pacingOptions(pacing);
  return Octokit.plugin(throttling, retry).defaults((options: OctokitOptions) => ({
    ...options,
    authStrategy: createProbotAuth,
    userAgent: 'devsprint',
    retry: paced.retry,
    throttle: {
      ...paced.throttle,
      enabled: true,
      // One limiter per installation, as Probot keys them: GitHub counts each installation's requests apart.
      id: limiterId(options.auth),
      onRateLimit: (retryAfter: number, request: Throttled, octokit: Octokit, retryCount: number) => {
        octokit.log.warn(`GitHub rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, request: Throttled, octokit: Octokit, retryCount: number) => {
        octokit.log.warn(
          `GitHub secondary rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s`,
        );
        return retryCount < 2;
      },
    },
  }));
}

/** Probot's installation clients carry their installation id in `auth`; the app's own client has none. */
function limiterId(auth: unknown): string {
  const id = (auth as { installationId?: unknown } | undefined)?.installationId;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : 'app';
}

/** Probot types every client as its own default class; ours is narrower, and the bot sees it only as a BotOctokit. */
export function probotInstallationOctokit(pacing: GithubPacing): typeof ProbotOctokit {
  let built = classes.get(pacing);
  if (!built) classes.set(pacing, (built = installationOctokit(pacing) as unknown as typeof ProbotOctokit));
  return built;
}
