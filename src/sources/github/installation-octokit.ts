import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createProbotAuth } from 'octokit-auth-probot';
import type { ProbotOctokit } from 'probot';

interface Throttled {
  method: string;
  url: string;
}

/**
 * The client class Probot builds the app's clients from (probot.auth). The bot sends plain requests
 * only, so this class has just what they need: Probot's auth, rate limits honoured and transient errors
 * retried. Probot's default class also wires every REST method, pagination and config loading, which
 * costs two to three times as much to build for methods the app never calls.
 */
const InstallationOctokit = Octokit.plugin(throttling, retry).defaults({
  authStrategy: createProbotAuth,
  userAgent: 'devsprint',
  throttle: {
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
});

/** Probot types every client as its own default class; ours is narrower, and the bot sees it only as a BotOctokit. */
export const ProbotInstallationOctokit = InstallationOctokit as unknown as typeof ProbotOctokit;
