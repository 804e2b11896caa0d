import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { hasDelivery } from '../store/deliveries.js';
import type { GithubClient } from '../sources/github/client.js';

export interface RedeliveryResult {
  checked: number;
  redelivered: string[];
  errors: string[];
}

/** One entry of GET /app/hook/deliveries, the fields the recovery job reads. */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action: string | null;
}

/** GitHub keeps deliveries for redelivery for three days. */
const WINDOW_MS = 3 * 86_400_000;

/**
 * GitHub does not retry a failed delivery by itself. This lists the app's recent deliveries and asks
 * for a new attempt of each that failed on our side (timeout or 5xx) and that no later attempt
 * delivered: those whose guid is not in our deliveries table. A 4xx was our deliberate refusal.
 */
export async function redeliverFailed(
  octokit: GithubClient,
  db: Store,
  log: Logger,
  now = new Date(),
): Promise<RedeliveryResult> {
  const result: RedeliveryResult = { checked: 0, redelivered: [], errors: [] };
  const failed = new Map<string, HookDelivery>();
  const succeeded = new Set<string>();
  const since = now.getTime() - WINDOW_MS;
  try {
    for await (const page of octokit.paginate.iterator('GET /app/hook/deliveries', { per_page: 100 })) {
      const deliveries = page.data as unknown as HookDelivery[];
      let older = false;
      for (const d of deliveries) {
        if (Date.parse(d.delivered_at) < since) {
          older = true;
          continue;
        }
        result.checked += 1;
        if (d.status_code >= 200 && d.status_code < 300) succeeded.add(d.guid);
        else if (d.status_code === 0 || d.status_code >= 500) {
          // Newest first: keep the latest failed attempt of each guid.
          if (!failed.has(d.guid)) failed.set(d.guid, d);
        }
      }
      if (older) break;
    }
  } catch (error) {
    result.errors.push(`listing deliveries: ${(error as Error).message}`);
    return result;
  }
  for (const [guid, delivery] of failed) {
    if (succeeded.has(guid) || hasDelivery(db, guid)) continue;
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: delivery.id });
      result.redelivered.push(guid);
    } catch (error) {
      result.errors.push(`redelivering ${guid}: ${(error as Error).message}`);
    }
  }
  if (result.redelivered.length)
    log.info({ redelivered: result.redelivered.length }, 'asked GitHub to redeliver failed webhook deliveries');
  return result;
}
