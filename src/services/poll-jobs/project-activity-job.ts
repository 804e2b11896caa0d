import type { Contribution } from '../../domain/contribution.js';
import { horizonOf, windowOf } from '../../domain/event-window.js';
import { ForgeApiError, type PagedApiOptions } from '../../sources/paged-api.js';
import { adapterOf } from '../../sources/registry.js';
import { memberUsernames } from '../../store/forge-accounts.js';
import { setDefaultBranch } from '../../store/projects.js';
import type { PolledHome, PollJob, PollRound } from './poll-round.js';

/**
 * Project activity, for projects without a web-hook (all of them in a backfill): the window's requests
 * (by each member's account on the instance where the forge filters by author, else newest first until
 * the pages are older than the event) and the default branch's commits written in the window, every page,
 * each recorded through the same path as a web-hook. A failure is reported and the rest of the round goes on.
 */
export const projectActivityJob: PollJob = {
  mark: null,
  pacedBySearch: false,
  plan(round, homes) {
    const followed = homes.filter((h) => round.options.full || h.project.webhookKey === null);
    return {
      steps: 0,
      async run() {
        const api: PagedApiOptions = {
          hosts: round.sources.open.hosts,
          timeoutMs: round.sources.open.timeoutMs,
          maxBytes: round.sources.open.maxBytes,
          etags: round.sources.etags,
          sleep: round.sources.sleep,
        };
        for (const home of followed) await readHome(round, home, api);
      },
    };
  },
};

async function readHome(round: PollRound, home: PolledHome, api: PagedApiOptions): Promise<void> {
  const { db, event, result } = round;
  const adapter = adapterOf(home.forge);
  const activity = adapter.activity!;
  const base = home.instanceUrl ?? adapter.defaultInstance;
  const label = `${adapter.label} ${home.fullName}`;
  const until = new Date(Math.min(round.now().getTime(), horizonOf(windowOf(event)))).toISOString();
  const read = async (what: string, pages: AsyncGenerator<Contribution[]>, olderThanWindowStops = false) => {
    try {
      for await (const page of pages) {
        result.requests += 1;
        let older = false;
        for (const c of page) {
          if (olderThanWindowStops && Date.parse(c.createdAt) < Date.parse(event.startsAt)) older = true;
          // Kept either way: one outside the window is stored with why it does not count.
          round.record(home.project, c, home.url);
        }
        if (older) break;
      }
    } catch (error) {
      if (!(error instanceof ForgeApiError)) throw error;
      result.errors.push(`${what}: ${error.message}`);
    }
  };
  // The branch the project has now; a previous home's is read each round (it no longer changes much).
  let branch = home.current ? home.project.defaultBranch : null;
  if (branch === null) {
    try {
      result.requests += 1;
      branch = await activity.defaultBranch(base, home.fullName, api);
      if (branch && home.current) setDefaultBranch(db, home.project.id, branch);
    } catch (error) {
      if (!(error instanceof ForgeApiError)) throw error;
      result.errors.push(`${label} default branch: ${error.message}`);
    }
  }
  const requests = activity.requests;
  if (requests.byAuthor) {
    for (const username of memberUsernames(db, event.id, home.forge, base)) {
      await read(
        `${label} by ${username}`,
        requests.pages(base, home.fullName, home.url, username, event.startsAt, api),
      );
    }
  } else {
    await read(label, requests.pages(base, home.fullName, home.url, api), true);
  }
  if (branch) {
    await read(`${label} commits`, activity.commits(base, home.fullName, home.url, branch, event.startsAt, until, api));
  }
}
