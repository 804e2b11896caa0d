import { adapterOf } from '../sources/registry.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EventBus } from '../live/event-bus.js';
import type { Metrics } from '../metrics.js';
import { createGithubClient, type GithubClient, type RequestCounter } from '../sources/github/client.js';
import { redeliverFailed, type RedeliveryResult } from './redeliver-failed.js';
import type { PagureClientOptions } from '../sources/pagure/client.js';
import { pageCache } from '../sources/page-cache.js';
import type { Store } from '../store/store.js';
import { getEvent, listEvents } from '../store/events.js';
import { anyInstallationId } from '../store/projects.js';
import { isFollowed, pollEvent, type PollOptions, type PollResult } from './poll-event.js';
import { nextPollDelay, type Pacing } from './poll-pacing.js';
import { decideFirstTimes, type FirstTimeResult } from './decide-first-time.js';
import { enrichImports, type EnrichResult } from './enrich-imports.js';
import { publishChanges } from './publish-changes.js';
import { getProject, type ProjectRecord } from '../store/projects.js';
import { refreshTasks, type TaskRefresh } from './refresh-tasks.js';
import { syncTaskComments } from './task-comments.js';
import type { BotOctokit } from './github-bot.js';

/** A project whose forge is read only with credentials the operator did not give. */
function needsCredentials(project: ProjectRecord | null): boolean {
  return project !== null && adapterOf(project.forge).needsCredentials;
}

export interface SyncDeps {
  db: Store;
  bus: EventBus | null;
  log: Logger;
  config: Config;
  now?: () => Date;
  /** Pagure's timeouts and caps; the forges it may reach are the config's FORGE_HOSTS. */
  pagure?: Omit<PagureClientOptions, 'hosts'>;
  fetch?: typeof fetch;
  metrics?: Metrics;
}

/**
 * Keeps every registered project fresh beyond webhooks: polling rounds on an interval, backfills when
 * someone registers, and the redelivery of webhook deliveries GitHub failed to hand us.
 */
export class SyncScheduler {
  readonly #deps: SyncDeps;
  #timers: NodeJS.Timeout[] = [];
  #running: Promise<unknown> = Promise.resolve();
  #githubClient: { key: string; client: { octokit: GithubClient; counter: RequestCounter } } | null = null;
  #pacing: Pacing | null = null;
  #pagureDueAt = 0;
  #stopped = false;
  #pollTimer: NodeJS.Timeout | null = null;
  readonly #installationClients = new Map<number, GithubClient>();
  /** Imported rows the rounds already asked the forges about: one try each per start, not one per round. */
  readonly #enrichTried = new Set<number>();
  /** GitLab and Forgejo pages by URL with their ETags: an unchanged page costs a 304. */
  readonly #forgeEtags = pageCache();
  readonly #backfillsWaiting = new Set<number>();

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }

  /** Jobs run one after another (the database is one writer anyway, and two could say the same thing twice). */
  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#running.then(job);
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Polling authenticates as an installation of the app (any one can read public repositories), else with GITHUB_TOKEN. */
  github(): { octokit: GithubClient; counter: RequestCounter } | null {
    const { config, db, log } = this.#deps;
    const installationId = config.github ? anyInstallationId(db) : null;
    const key = installationId !== null ? `installation:${installationId}` : config.githubToken ? 'token' : null;
    if (key === null) return null;
    if (this.#githubClient?.key !== key) {
      const auth =
        installationId !== null
          ? {
              kind: 'installation' as const,
              appId: config.github!.appId,
              privateKey: config.github!.privateKey,
              installationId,
            }
          : { kind: 'token' as const, token: config.githubToken! };
      this.#githubClient = {
        key,
        client: createGithubClient({
          baseUrl: config.githubApiUrl,
          pacing: config.githubPacing,
          auth,
          log,
          fetch: this.#deps.fetch,
        }),
      };
    }
    return this.#githubClient.client;
  }

  appClient(): GithubClient | null {
    const { config, log } = this.#deps;
    if (!config.github) return null;
    return createGithubClient({
      baseUrl: config.githubApiUrl,
      pacing: config.githubPacing,
      auth: { kind: 'app', appId: config.github.appId, privateKey: config.github.privateKey },
      log,
      fetch: this.#deps.fetch,
    }).octokit;
  }

  /** One round for one event; rounds never overlap (the database is one writer anyway). */
  pollEvent(eventId: number, options: PollOptions = {}): Promise<PollResult | null> {
    return this.#serial(() => this.#pollEventNow(eventId, options));
  }

  async #pollEventNow(eventId: number, options: PollOptions): Promise<PollResult | null> {
    const event = getEvent(this.#deps.db, eventId);
    if (!event) return null;
    const result = await pollEvent(
      this.#deps.db,
      this.#deps.bus,
      event,
      {
        github: this.github(),
        open: { hosts: this.#deps.config.forgeHosts, ...this.#deps.pagure },
        etags: this.#forgeEtags,
      },
      { now: this.#deps.now, ...options },
    );
    this.#deps.log.info({ event: event.slug, ...result, errors: result.errors.length }, 'polling round');
    this.#deps.metrics?.pollerRequests(result.requests, this.#githubClient?.client.counter.rateLimitRemaining ?? null);
    for (const error of result.errors) this.#deps.log.warn({ event: event.slug }, error);
    return result;
  }

  /**
   * One round over every followed event, then the wait before the next: GitHub's search as often as its
   * budget allows, Pagure once per polling interval (pagure.io publishes no rate limit to pace by).
   */
  async pollAll(): Promise<Pacing> {
    const now = this.#now().getTime();
    const longest = this.#deps.config.pollIntervalSeconds;
    const pagureDue = now >= this.#pagureDueAt;
    if (pagureDue) this.#pagureDueAt = now + longest * 1000;
    const counter = () => this.#githubClient?.client.counter;
    const before = { search: counter()?.searchRequests ?? 0, limited: counter()?.rateLimited ?? 0 };
    for (const event of listEvents(this.#deps.db).filter((e) => isFollowed(e, new Date(now)))) {
      await this.pollEvent(event.id, { onlySearch: !pagureDue, skipPending: !pagureDue });
      await this.enrich(event.id, { incomplete: true });
      await this.decideFirstTimes(event.id);
      // Issues change slowly and each is one request: the task table follows at Pagure's pace.
      if (pagureDue) await this.refreshTasks(event.id);
      await this.taskComments(event.id);
    }
    const after = counter();
    this.#pacing = nextPollDelay({
      now: this.#now().getTime(),
      searchRequests: Math.max(0, (after?.searchRequests ?? 0) - before.search),
      budget: after?.budgets.get('search') ?? null,
      rateLimited: (after?.rateLimited ?? 0) > before.limited,
      longestSeconds: longest,
      previousSeconds: this.#pacing?.seconds ?? null,
    });
    this.#deps.metrics?.nextPollRound(this.#pacing.seconds);
    return this.#pacing;
  }

  /** A few of the event's undecided first-time flags, by one search each (see decide-first-time.ts). */
  decideFirstTimes(eventId: number): Promise<FirstTimeResult | null> {
    return this.#serial(async () => {
      const event = getEvent(this.#deps.db, eventId);
      const github = this.github();
      if (!event || !github) return null;
      const result = await decideFirstTimes(this.#deps.db, event, github.octokit, this.#now());
      for (const error of result.errors) this.#deps.log.warn({ event: event.slug }, error);
      if (result.decided) this.#deps.bus?.publish({ eventId, contributionIds: result.ids });
      return result;
    });
  }

  /**
   * Completes an event's imported list from the forges (`devsprint enrich`, the manage page's button);
   * `incomplete` for the rounds, which ask only about rows still lacking something, once each.
   */
  enrich(eventId: number, options: { incomplete?: boolean } = {}): Promise<EnrichResult | null> {
    return this.#serial(async () => {
      const event = getEvent(this.#deps.db, eventId);
      if (!event) return null;
      const github = this.github();
      const skip = options.incomplete
        ? // Without GitHub credentials a round leaves GitHub's rows alone rather than listing them unresolved each time.
          (row: { id: number; projectId: number | null }) =>
            this.#enrichTried.has(row.id) || (!github && needsCredentials(getProject(this.#deps.db, row.projectId!)))
        : undefined;
      const now = this.#now();
      const result = await enrichImports(
        this.#deps.db,
        event,
        { github, open: { hosts: this.#deps.config.forgeHosts, ...this.#deps.pagure } },
        now,
        { incomplete: options.incomplete, skip },
      );
      for (const id of result.ids) this.#enrichTried.add(id);
      if (this.#deps.bus) publishChanges(this.#deps.bus, result.changes);
      if (result.total)
        this.#deps.log.info(
          { event: event.slug, enriched: result.enriched, total: result.total, unresolved: result.unresolved.length },
          'imported list completed from the forges',
        );
      return result;
    });
  }

  /** The event's task table from the forges: new labelled issues, and tasks whose issue was closed upstream. */
  refreshTasks(eventId: number): Promise<TaskRefresh | null> {
    return this.#serial(async () => {
      const event = getEvent(this.#deps.db, eventId);
      if (!event) return null;
      const result = await refreshTasks(
        this.#deps.db,
        event,
        { github: this.github(), open: { hosts: this.#deps.config.forgeHosts, ...this.#deps.pagure } },
        this.#now(),
      );
      if ((result.added || result.closed) && this.#deps.bus) this.#deps.bus.publish({ eventId, contributionIds: [] });
      for (const error of result.errors) this.#deps.log.warn({ event: event.slug }, error);
      return result;
    });
  }

  /** The bot's comments on claimed tasks' issues brought up to date (after a claim, and at every round, when one lapses). */
  taskComments(eventId: number): Promise<{ written: number; edited: number } | null> {
    const { config, db, log } = this.#deps;
    return this.#serial(async () => {
      const event = getEvent(db, eventId);
      if (!event || !config.github) return null;
      const github = config.github;
      const octokitFor = (installationId: number): BotOctokit => {
        let client = this.#installationClients.get(installationId);
        if (!client) {
          client = createGithubClient({
            baseUrl: config.githubApiUrl,
            pacing: config.githubPacing,
            auth: { kind: 'installation', appId: github.appId, privateKey: github.privateKey, installationId },
            log,
            fetch: this.#deps.fetch,
          }).octokit;
          this.#installationClients.set(installationId, client);
        }
        return client;
      };
      const tasksUrl = config.publicUrl ? `${config.publicUrl}/events/${event.slug}/tasks` : null;
      return syncTaskComments(db, event, octokitFor, tasksUrl, log, this.#now());
    });
  }

  /** The wait chosen after the last round, and why; null before the first. */
  pacing(): Pacing | null {
    return this.#pacing;
  }

  /** Someone registered a project or joined: fetch their work of the window now rather than at the next round. */
  /**
   * A full round for the event soon. Registrations and joins ask for one each; while one is waiting its
   * turn, more asks for the same event add nothing (30 registrations in a second are one round, not 30
   * that spend the search budget for an hour).
   */
  backfill(eventId: number): void {
    if (this.#backfillsWaiting.has(eventId)) return;
    this.#backfillsWaiting.add(eventId);
    this.#serial(async () => {
      // Taken off the waiting list as it starts: an ask during this round is answered by the next one.
      this.#backfillsWaiting.delete(eventId);
      // Pending registrations wait for the slow rounds: a stranger's thirty cannot each cost a full search.
      return this.#pollEventNow(eventId, { full: true, skipPending: true });
    }).catch((error: Error) => this.#deps.log.error({ err: error, eventId }, 'backfill failed'));
  }

  /** Events with a backfill queued and not started yet. */
  get backfillsWaiting(): number {
    return this.#backfillsWaiting.size;
  }

  async redeliver(): Promise<RedeliveryResult | null> {
    const octokit = this.appClient();
    return octokit ? redeliverFailed(octokit, this.#deps.db, this.#deps.log, this.#now()) : null;
  }

  start(): void {
    const { config, log } = this.#deps;
    const safely = (what: string, job: () => Promise<unknown>) => () => {
      job().catch((error: Error) => log.error({ err: error }, `${what} failed`));
    };
    if (config.pollIntervalSeconds > 0) {
      // Each round sets the wait before the next, so a timer per round rather than one interval.
      const round = () => {
        if (this.#stopped) return;
        this.pollAll()
          .catch((error: Error) => log.error({ err: error }, 'polling failed'))
          .finally(() => {
            if (this.#stopped) return;
            this.#pollTimer = setTimeout(round, (this.#pacing?.seconds ?? config.pollIntervalSeconds) * 1000);
            this.#pollTimer.unref();
          });
      };
      setImmediate(round);
    }
    if (config.github) {
      setImmediate(safely('redelivery', () => this.redeliver()));
      this.#timers.push(
        setInterval(
          safely('redelivery', () => this.redeliver()),
          10 * 60 * 1000,
        ),
      );
    }
    for (const timer of this.#timers) timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#timers = [];
    await this.#running;
  }
}
