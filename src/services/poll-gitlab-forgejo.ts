import { horizonOf, windowOf } from '../domain/event-window.js';
import type { Contribution } from '../domain/contribution.js';
import { DEFAULT_INSTANCE } from '../domain/forges.js';
import { forgejoCommits, forgejoDefaultBranch, forgejoPulls } from '../sources/forgejo/client.js';
import { gitlabCommits, gitlabDefaultBranch, gitlabMergeRequests } from '../sources/gitlab/client.js';
import { ForgeApiError, type PagedApiOptions } from '../sources/paged-api.js';
import type { EventRecord } from '../store/events.js';
import { memberUsernames } from '../store/forge-accounts.js';
import { setDefaultBranch, type ProjectRecord } from '../store/projects.js';
import type { Store } from '../store/store.js';

export interface OtherForgesRound {
  requests: number;
  errors: string[];
}

/**
 * GitLab and Forgejo projects without a web-hook: the window's merge requests of each member's account
 * on the project's instance (GitLab filters by author; Forgejo lists newest first, read until the pages
 * are older than the event) and the default branch's commits written in the window, every page, each
 * recorded through the same path as a web-hook. A failure is reported and the rest of the round goes on.
 */
export async function pollGitlabAndForgejo(
  db: Store,
  event: EventRecord,
  projects: ProjectRecord[],
  api: PagedApiOptions,
  now: Date,
  record: (project: ProjectRecord, c: Contribution) => void,
): Promise<OtherForgesRound> {
  const round: OtherForgesRound = { requests: 0, errors: [] };
  const until = new Date(Math.min(now.getTime(), horizonOf(windowOf(event)))).toISOString();
  const read = async (
    project: ProjectRecord,
    label: string,
    pages: AsyncGenerator<Contribution[]>,
    olderThanWindowStops = false,
  ) => {
    try {
      for await (const page of pages) {
        round.requests += 1;
        let older = false;
        for (const c of page) {
          if (olderThanWindowStops && Date.parse(c.createdAt) < Date.parse(event.startsAt)) older = true;
          // Kept either way: one outside the window is stored with why it does not count.
          record(project, c);
        }
        if (older) break;
      }
    } catch (error) {
      if (!(error instanceof ForgeApiError)) throw error;
      round.errors.push(`${label}: ${error.message}`);
    }
  };
  for (const project of projects) {
    if (project.forge !== 'gitlab' && project.forge !== 'forgejo') continue;
    const base = project.instanceUrl ?? DEFAULT_INSTANCE[project.forge];
    const label = `${project.forge === 'gitlab' ? 'GitLab' : 'Forgejo'} ${project.fullName}`;
    let branch = project.defaultBranch;
    if (branch === null) {
      try {
        round.requests += 1;
        branch =
          project.forge === 'gitlab'
            ? await gitlabDefaultBranch(base, project.fullName, api)
            : await forgejoDefaultBranch(base, project.fullName, api);
        if (branch) setDefaultBranch(db, project.id, branch);
      } catch (error) {
        if (!(error instanceof ForgeApiError)) throw error;
        round.errors.push(`${label} default branch: ${error.message}`);
      }
    }
    if (project.forge === 'gitlab') {
      for (const username of memberUsernames(db, event.id, 'gitlab', base)) {
        await read(
          project,
          `${label} by ${username}`,
          gitlabMergeRequests(base, project.fullName, project.url, username, event.startsAt, api),
        );
      }
    } else {
      await read(project, label, forgejoPulls(base, project.fullName, project.url, api), true);
    }
    if (branch) {
      const commits =
        project.forge === 'gitlab'
          ? gitlabCommits(base, project.fullName, project.url, branch, event.startsAt, until, api)
          : forgejoCommits(base, project.fullName, project.url, branch, event.startsAt, until, api);
      await read(project, `${label} commits`, commits);
    }
  }
  return round;
}
