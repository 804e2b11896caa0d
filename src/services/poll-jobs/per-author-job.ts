import { ForgeApiError } from '../../sources/paged-api.js';
import { adapterOf } from '../../sources/registry.js';
import { markPollCompleted, type PollSource } from '../../store/poll-state.js';
import { setDefaultBranch } from '../../store/projects.js';
import type { PollJob } from './poll-round.js';

/** The polling mark of this job (kept under the name of the one forge that has it). */
const MARK: PollSource = 'pagure';

/**
 * Per author: each project's pull requests by each member's login on the forge, newest first until the
 * pages reach before the event, with the reviews they carry; and each project's default branch, read once
 * (a direct push counts on it). A failure is reported and does not advance the round's mark.
 */
export const perAuthorJob: PollJob = {
  mark: { name: MARK, via: 'pagure-api' },
  pacedBySearch: false,
  plan(round, homes) {
    const { db, event, result, options } = round;
    // The one login a sprinter has on such a forge.
    const logins = round.members.map((m) => m.pagureUsername).filter((u): u is string => Boolean(u));
    const work = homes.flatMap((home) => logins.map((user) => ({ home, user })));
    return {
      steps: work.length,
      async run() {
        let failed = false;
        for (const home of homes.filter((h) => h.current && h.project.defaultBranch === null)) {
          const api = adapterOf(home.forge).perAuthor!;
          try {
            const branch = await api.defaultBranch(
              home.instanceUrl ?? adapterOf(home.forge).defaultInstance,
              home.fullName,
              round.sources.open,
            );
            result.requests += 1;
            if (branch) setDefaultBranch(db, home.project.id, branch);
          } catch (error) {
            if (!(error instanceof ForgeApiError)) throw error;
            failed = true;
            result.errors.push(`${adapterOf(home.forge).label} ${home.fullName} default branch: ${error.message}`);
          }
        }
        for (const { home, user } of work) {
          const adapter = adapterOf(home.forge);
          try {
            const base = home.instanceUrl ?? adapter.defaultInstance;
            for await (const page of adapter.perAuthor!.pages(base, home.fullName, user, round.sources.open)) {
              result.requests += 1;
              let older = false;
              for (const c of page) {
                if (c.kind === 'pull_request' && Date.parse(c.createdAt) < Date.parse(event.startsAt)) older = true;
                // Every pull request the page holds is kept, one outside the window with why it does not count.
                round.record(home.project, c, home.url);
              }
              // Newest first: once a page reaches before the window, later pages are older still.
              if (older) break;
            }
          } catch (error) {
            if (!(error instanceof ForgeApiError)) throw error;
            failed = true;
            result.errors.push(`${adapter.label} ${home.fullName} by ${user}: ${error.message}`);
          }
          round.step(`${adapter.label} ${home.fullName}`);
        }
        if (work.length && !failed && !options.onlyProjectIds) markPollCompleted(db, event.id, MARK, round.startedAt);
      },
    };
  },
};
