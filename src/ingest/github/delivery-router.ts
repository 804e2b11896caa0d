import { Webhooks } from '@octokit/webhooks';
import type { Probot } from 'probot';
import type { BotOctokit } from '../../services/github-bot.js';

/** What a handler gets beside the delivery: the installation's client, built when first used. */
export interface DeliveryContext {
  octokit: BotOctokit;
}

export type DeliveryRouter = Webhooks<DeliveryContext>;

/**
 * Routes verified deliveries to their handlers with @octokit/webhooks, the router Probot itself uses.
 * Probot's own pipeline builds an authenticated installation client for every delivery before any
 * handler runs; measured on the ingest benchmark that cost about 20–30 µs of main-thread CPU a delivery,
 * the largest single cost after the database, while most deliveries never talk back to GitHub (the bot
 * is off for most projects). Here Probot builds that client, with its auth, throttling and retries, on
 * the first request a handler makes.
 */
export function createDeliveryRouter(probot: Probot, secret: string): DeliveryRouter {
  return new Webhooks<DeliveryContext>({
    // Verification happens in the endpoint, over the received bytes; receive() never checks it.
    secret,
    transform: (event) => ({ ...event, octokit: installationClient(probot, event.id, event.payload) }),
  });
}

function installationClient(probot: Probot, deliveryId: string, payload: unknown): BotOctokit {
  const installationId = (payload as { installation?: { id?: unknown } | null }).installation?.id;
  let client: Promise<BotOctokit> | undefined;
  const connect = async (): Promise<BotOctokit> => {
    if (typeof installationId !== 'number')
      throw new Error('the delivery names no installation, so the app cannot act on the repository');
    const octokit = await probot.auth(installationId);
    // As Probot does: GitHub support can then tie each request to the delivery that caused it.
    octokit.hook.before('request', (options) => {
      options.headers['x-github-delivery'] = deliveryId;
    });
    return octokit;
  };
  return {
    request: async (route, parameters) => {
      client ??= connect();
      return (await client).request(route, parameters);
    },
  };
}
