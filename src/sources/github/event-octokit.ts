import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createProbotAuth } from 'octokit-auth-probot';
import type { ProbotOctokit } from 'probot';
import type { BotOctokit } from './bot.js';

interface Throttled {
  method: string;
  url: string;
}

/**
 * The client class Probot instantiates for every delivery, before any handler runs, whether or not the
 * handler talks to GitHub (the bot is off for most projects). The bot sends plain requests only, so
 * this class has just what they need: Probot's auth, rate limits honoured and transient errors
 * retried. Probot's default class also wires every REST method, pagination and config loading, which
 * made each delivery pay two to three times as much for a client it mostly never uses.
 */
const EventOctokit = Octokit.plugin(throttling, retry).defaults({
  authStrategy: createProbotAuth,
  userAgent: 'devsprint',
  throttle: {
    onRateLimit: (retryAfter: number, request: Throttled, octokit: Octokit, retryCount: number) => {
      octokit.log.warn(`GitHub rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
      return retryCount < 2;
    },
    onSecondaryRateLimit: (retryAfter: number, request: Throttled, octokit: Octokit, retryCount: number) => {
      octokit.log.warn(`GitHub secondary rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
      return retryCount < 2;
    },
  },
});

/** Probot types every client as its own default class; ours is narrower, so handlers see only what it has. */
export const ProbotEventOctokit = EventOctokit as unknown as typeof ProbotOctokit;

export function eventClient(context: { octokit: unknown }): BotOctokit {
  return context.octokit as BotOctokit;
}
