import type { PollSource } from '../../store/poll-state.js';
import type { Contribution, Forge } from '../../domain/contribution.js';
import type { EventBus } from '../../live/event-bus.js';
import type { ForgeClients } from '../../sources/forge-adapter.js';
import type { GithubClient, RequestCounter } from '../../sources/github/client.js';
import type { CachedPage, PageCache } from '../../sources/page-cache.js';
import type { EventRecord } from '../../store/events.js';
import type { ProjectRecord } from '../../store/projects.js';
import type { SprinterRecord } from '../../store/sprinters.js';
import type { Store } from '../../store/store.js';
import type { RecordedChange } from '../record-contribution.js';

export interface PollSources extends ForgeClients {
  github: { octokit: GithubClient; counter: RequestCounter } | null;
  /** GitLab and Forgejo answers kept by URL with their ETag, across rounds. */
  etags?: PageCache<CachedPage>;
  /** How a `Retry-After` is waited out (tests pass a clock that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface PollOptions {
  now?: () => Date;
  /** Backfill: every registered project (installed or not), the whole window, ignoring earlier rounds. */
  full?: boolean;
  /** Only these sprinters or projects (a backfill after one registration). */
  onlyProjectIds?: number[];
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * Only the jobs paced by a search budget (GitHub's): the rounds between two polling intervals. Forges
   * that publish no budget are read once per interval.
   */
  onlySearch?: boolean;
  /**
   * Leave out projects only a stranger's unproven registration names: they are polled at the slow pace
   * (the polling interval), so thirty such registrations cannot spend the search budget of the real ones.
   */
  skipPending?: boolean;
}

export interface PollResult {
  requests: number;
  recorded: number;
  changed: number;
  errors: string[];
  githubStrategy: string | null;
  githubQueries: number;
  /** Requests spent finding reviews (reviews endpoints and `reviewed-by:` searches). */
  reviewRequests: number;
  /** Search requests of the follow-up after the window (zero in rounds it was not due). */
  followUpQueries: number;
}

/**
 * Where a registered project's work is found: its home, and the home it moved from (its pull requests
 * there are still its own, recorded with that home's URL).
 */
export interface PolledHome {
  project: ProjectRecord;
  forge: Forge;
  fullName: string;
  instanceUrl: string | null;
  url: string;
  /** False for the home the project moved from. */
  current: boolean;
}

export function homesOf(project: ProjectRecord): PolledHome[] {
  const here: PolledHome = {
    project,
    forge: project.forge,
    fullName: project.fullName,
    instanceUrl: project.instanceUrl,
    url: project.url,
    current: true,
  };
  const before = project.previous;
  return before
    ? [
        here,
        {
          project,
          forge: before.forge,
          fullName: before.fullName,
          instanceUrl: before.instanceUrl,
          url: before.url,
          current: false,
        },
      ]
    : [here];
}

/** What every job of a round shares: the event, its members, the clock, and the one recording path. */
export interface PollRound {
  db: Store;
  bus: EventBus | null;
  event: EventRecord;
  sources: PollSources;
  options: PollOptions;
  now: () => Date;
  members: SprinterRecord[];
  /** When this round started: the "updated since" mark of the next. */
  startedAt: string;
  /** Someone registered since the last complete round: their earlier work is fetched too. */
  registeredSince: boolean;
  result: PollResult;
  /** Records one contribution of a project (found at `home`, the project's URL by default). */
  record(project: ProjectRecord, c: Contribution, home?: string): RecordedChange;
  /** One step of the round done, for `onProgress`. */
  step(label: string): void;
}

/** One kind of polling: how many steps it will take this round, then the steps themselves. */
export interface PollJob {
  /**
   * The mark a complete round of the job leaves (how far behind upstream its projects may be), and how
   * /metrics names the way they are read; no mark where projects are followed by their web-hooks.
   */
  mark: { name: PollSource; via: string } | null;
  /** Whether the job runs in the fast rounds (its pace is a search budget), or once per polling interval. */
  pacedBySearch: boolean;
  plan(round: PollRound, homes: PolledHome[]): { steps: number; run(): Promise<void> };
}
