import Bottleneck from 'bottleneck';

/**
 * How requests to GitHub are spaced. `github` keeps GitHub's documented pacing (content-creating requests
 * a second apart, searches two, rate-limit waits as GitHub says); `none` keeps the rate-limit handling but
 * waits for nothing, for a stand-in GitHub on loopback (the tests) where the waits only cost time.
 */
export type GithubPacing = 'github' | 'none';

interface PacingOptions {
  throttle: Record<string, unknown>;
  retry: { retryAfterBaseValue: number };
}

let unpaced: PacingOptions | null = null;

/**
 * Options for the throttling and retry plugins. GitHub's pacing uses the plugin's own limiters, which every
 * client of the process shares, as GitHub's limits are per account; the unpaced ones are shared the same way.
 */
export function pacingOptions(pacing: GithubPacing): PacingOptions {
  if (pacing === 'github') return { throttle: {}, retry: { retryAfterBaseValue: 1000 } };
  unpaced ??= {
    throttle: {
      global: new Bottleneck.Group({ maxConcurrent: 10 }),
      auth: new Bottleneck.Group({ maxConcurrent: 1 }),
      search: new Bottleneck.Group({ maxConcurrent: 1 }),
      write: new Bottleneck.Group({ maxConcurrent: 1 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
      retryAfterBaseValue: 0,
    },
    retry: { retryAfterBaseValue: 0 },
  };
  return unpaced;
}
