import type { RateBudget } from '../sources/github/client.js';

/** Polling may use this share of GitHub's search budget; the rest stays for enrichment, sign-in checks and people. */
export const SEARCH_SHARE = 0.5;
/** GitHub's search budget is counted per minute. */
export const SEARCH_WINDOW_SECONDS = 60;
/** Never sooner than this between rounds, however much budget is left: search results take a while to index anyway. */
export const SHORTEST_SECONDS = 15;

export interface PacingInput {
  now: number;
  /** Search requests the last round made, over every followed event. */
  searchRequests: number;
  /** The search budget as GitHub last described it; null when no answer said. */
  budget: RateBudget | null;
  /** The last round ran into a rate limit. */
  rateLimited: boolean;
  /** The longest wait between rounds (POLL_INTERVAL_SECONDS). */
  longestSeconds: number;
  /** The wait chosen after the round before, for backing off further. */
  previousSeconds: number | null;
}

export interface Pacing {
  seconds: number;
  why: string;
}

/**
 * How long to wait before the next polling round. A round's search requests are spread so that polling
 * takes at most SEARCH_SHARE of the budget a window; when what is left of the current window (spent by
 * anything, not only polling) would not hold another round inside that share, wait for the reset; after a
 * rate-limited round, wait at least twice as long as before.
 */
export function nextPollDelay(input: PacingInput): Pacing {
  const floor = Math.min(SHORTEST_SECONDS, input.longestSeconds);
  const clamp = (seconds: number) => Math.round(Math.min(input.longestSeconds, Math.max(floor, seconds)));
  const untilReset =
    input.budget && Number.isFinite(input.budget.resetAt)
      ? Math.max(0, (input.budget.resetAt - input.now) / 1000) + 1
      : SEARCH_WINDOW_SECONDS;
  if (input.rateLimited) {
    return {
      seconds: clamp(Math.max(untilReset, 2 * (input.previousSeconds ?? SEARCH_WINDOW_SECONDS))),
      why: 'the last round was rate limited: backing off',
    };
  }
  if (input.searchRequests === 0 || !input.budget)
    return { seconds: input.longestSeconds, why: 'no GitHub search to pace' };
  const allowed = SEARCH_SHARE * input.budget.limit;
  const steady = (SEARCH_WINDOW_SECONDS * input.searchRequests) / allowed;
  const spent = input.budget.limit - input.budget.remaining;
  if (spent + input.searchRequests > allowed && untilReset > steady) {
    return {
      seconds: clamp(untilReset),
      why: `${spent} of ${input.budget.limit} search requests of this window spent: waiting for its reset`,
    };
  }
  return {
    seconds: clamp(steady),
    why: `${input.searchRequests} search requests a round within ${SEARCH_SHARE * 100}% of ${input.budget.limit} a minute`,
  };
}
