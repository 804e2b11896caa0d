import type { Logger } from 'pino';
import type { EventBus } from '../../live/event-bus.js';
import type { Store } from '../../store/store.js';
import type { CommitQueue } from '../../store/commit-queue.js';
import { botIsOn } from '../../store/bot.js';
import { setInstallation } from '../../store/projects.js';
import { ingestDelivery, type DeliveryWork } from '../ingest-delivery.js';
import { recordContribution } from '../../services/record-contribution.js';
import {
  normalizeIssue,
  normalizePullRequest,
  normalizePullRequestReview,
  normalizePush,
  type Normalized,
} from '../../sources/github/normalize.js';
import type { Contribution } from '../../domain/contribution.js';
import type { Config } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import { applySprintCommand, type CommandOutcome } from '../../services/apply-sprint-command.js';
import { answerCommand, talkAboutPullRequest } from '../../services/github-bot.js';
import { parseSprintCommand } from '../../sources/github/commands.js';
import type { DeliveryRouter } from './delivery-router.js';
import type { BackgroundWork } from '../../services/background-work.js';

export interface GithubWebhookDeps {
  db: Store;
  /** Deliveries are written through it, so a burst shares commits; it writes to `db`. */
  writes: CommitQueue;
  bus: EventBus;
  log: Logger;
  config: Config;
  now?: () => Date;
  metrics?: Metrics;
  /** Where the bot's work runs once a delivery is answered. */
  background: BackgroundWork;
}

/** A payload-shaped problem: answered 400 with its message instead of a 500 that invites retries. */
export class BadPayloadError extends Error {
  readonly status = 400;
}

export function registerGithubWebhooks(router: DeliveryRouter, deps: GithubWebhookDeps): void {
  const now = deps.now ?? (() => new Date());

  const ingest = async (id: string, event: string, action: string | null, work: () => DeliveryWork) => {
    const result = await ingestDelivery(
      deps.writes,
      deps.bus,
      { deliveryId: id, source: 'github', event, action },
      work,
      now(),
      (outcome, seconds) => deps.metrics?.delivery('github', outcome, seconds),
    );
    deps.log.info(
      { delivery: id, event, action, outcome: result.outcome, changes: result.changes.length },
      'webhook delivery',
    );
    return result;
  };
  const bot = { db: deps.db, log: deps.log, config: deps.config, now };

  /** A payload without the fields the tracker reads is refused before it reaches the write queue. */
  const contributionsOf = (normalized: Normalized): Contribution[] => {
    if (!normalized.ok) throw new BadPayloadError(normalized.reason);
    return normalized.contributions;
  };
  const record = (contributions: Contribution[]) => (): DeliveryWork => ({
    changes: contributions.flatMap((c) => recordContribution(deps.db, c, now())),
  });

  router.on('pull_request', async (context) => {
    const contributions = contributionsOf(normalizePullRequest(context.payload));
    let botIsWanted = false;
    const result = await ingest(context.id, context.name, context.payload.action ?? null, () => {
      const work = record(contributions)();
      // Asked inside the delivery's transaction: a read of its own would take the database's locks again
      // for every delivery, though the bot is off for most projects.
      botIsWanted = work.changes.some((change) => change.projectId !== null && botIsOn(deps.db, change.projectId));
      return work;
    });
    // Record first, talk after: the delivery is answered once the contribution is committed; the bot
    // talks in the background, so a slow or failing GitHub never delays or fails the delivery.
    if (result.outcome === 'recorded' && botIsWanted) {
      // Everything the bot needs comes from the validated contribution, not from raw payload fields.
      const c = contributions[0]!;
      const [owner = '', repo = ''] = c.repo.split('/');
      deps.background.run(`bot ${context.id}`, () =>
        talkAboutPullRequest(
          context.octokit,
          bot,
          { owner, repo, number: Number(c.key), authorLogin: c.author.login ?? '', deliveryId: context.id },
          result.changes,
        ),
      );
    }
  });

  router.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    const command =
      issue &&
      comment?.user?.login &&
      Number.isSafeInteger(comment.user.id) &&
      typeof repository?.full_name === 'string' &&
      Number.isSafeInteger(issue.number) &&
      Number.isSafeInteger(comment.id)
        ? parseSprintCommand(typeof comment.body === 'string' ? comment.body : '')
        : null;
    if (!command) return;
    const commenter = comment.user!.login;
    const commenterId = comment.user!.id;
    const [owner = '', repo = ''] = repository.full_name.split('/');
    let outcome: CommandOutcome = { kind: 'ignored' };
    await ingest(context.id, context.name, 'created', () => {
      outcome = applySprintCommand(
        deps.db,
        {
          repo: repository.full_name,
          number: issue.number,
          kind: issue.pull_request ? 'pull_request' : 'issue',
          commenter,
          commenterId,
          organizers: deps.config.organizers,
        },
        command,
        now(),
      );
      return {
        changes: outcome.kind === 'done' ? outcome.changes : [],
        outcome: `command ${command.verb}: ${outcome.kind}`,
      };
    });
    const done = outcome as CommandOutcome;
    if (done.kind === 'ignored') return;
    deps.background.run(`bot ${context.id}`, () =>
      answerCommand(
        context.octokit,
        bot,
        { owner, repo, number: issue.number, commentId: comment.id, deliveryId: context.id },
        done.kind === 'done' ? { ok: true } : { ok: false, reason: done.reason },
      ),
    );
  });

  router.on('issues', async (context) => {
    await ingest(
      context.id,
      context.name,
      context.payload.action ?? null,
      record(contributionsOf(normalizeIssue(context.payload))),
    );
  });

  router.on('pull_request_review', async (context) => {
    await ingest(
      context.id,
      context.name,
      context.payload.action ?? null,
      record(contributionsOf(normalizePullRequestReview(context.payload))),
    );
  });

  router.on('push', async (context) => {
    await ingest(context.id, context.name, null, record(contributionsOf(normalizePush(context.payload))));
  });

  router.on('installation', async (context) => {
    const { action, installation } = context.payload;
    const repos = 'repositories' in context.payload ? (context.payload.repositories ?? []) : [];
    const removed = action === 'deleted' || action === 'suspend';
    await ingest(context.id, context.name, action, () => {
      for (const repo of repos)
        setInstallation(
          deps.db,
          repo.full_name,
          removed ? null : installation.id,
          accountName(installation.account),
          now(),
        );
      return { changes: [], outcome: `installation ${action}: ${repos.length} repositories` };
    });
  });

  // GitHub's ping when the hook is created or tested: recorded, so the setup page can say deliveries arrive.
  router.on('ping', async (context) => {
    await ingest(context.id, context.name, null, () => ({
      changes: [],
      outcome: `ping: hook ${context.payload.hook_id ?? 'unknown'}`,
    }));
  });

  router.on('installation_repositories', async (context) => {
    const { installation, repositories_added: added, repositories_removed: removedRepos, action } = context.payload;
    await ingest(context.id, context.name, action, () => {
      for (const repo of added)
        setInstallation(deps.db, repo.full_name, installation.id, accountName(installation.account), now());
      for (const repo of removedRepos) if (repo.full_name) setInstallation(deps.db, repo.full_name, null, null, now());
      return { changes: [], outcome: `installation repositories: +${added.length} -${removedRepos.length}` };
    });
  });
}

function accountName(account: { login: string } | { slug: string } | null | undefined): string | null {
  if (!account) return null;
  return 'login' in account ? account.login : account.slug;
}
