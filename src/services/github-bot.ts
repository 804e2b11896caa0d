import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { renderJoinNudge, renderRefusal, renderWelcome } from '../render/bot-comments.js';
import type { RecordedChange } from './record-contribution.js';
import { claimAction, getBotSettings, releaseAction } from '../store/bot.js';
import { getContribution, listCredits } from '../store/contributions.js';
import type { Store } from '../store/store.js';
import { getEvent, type EventRecord } from '../store/events.js';
import { getProject } from '../store/projects.js';
import { getSprinter } from '../store/sprinters.js';

/** The subset of an installation Octokit the bot uses: plain REST calls, so any Octokit (with its plugins) fits. */
export interface BotOctokit {
  request: (route: string, parameters?: Record<string, unknown>) => Promise<unknown>;
}

export interface BotDeps {
  db: Store;
  log: Logger;
  config: Config;
  now: () => Date;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  authorLogin: string;
  deliveryId: string;
}

/** GitHub label names are at most 50 characters. */
export function labelName(event: EventRecord): string {
  return event.name.length > 50 ? `${event.name.slice(0, 49)}…` : event.name;
}

function links(config: Config, event: EventRecord) {
  const base = config.publicUrl;
  return {
    leaderboardUrl: base ? `${base}/events/${event.slug}/leaderboard` : null,
    eventUrl: base ? `${base}/events/${event.slug}` : null,
    joinUrl: base
      ? `${base}/events/${event.slug}/join${event.joinCode ? `?code=${encodeURIComponent(event.joinCode)}` : ''}`
      : null,
  };
}

/**
 * Claims the action, performs it, and gives the claim back if GitHub refuses, so the contribution
 * (already committed) is never affected and a later delivery can try again.
 */
async function once(
  deps: BotDeps,
  key: string,
  ref: PullRequestRef,
  what: string,
  act: () => Promise<unknown>,
): Promise<boolean> {
  if (!claimAction(deps.db, key, deps.now())) return false;
  try {
    await act();
    return true;
  } catch (error) {
    releaseAction(deps.db, key);
    deps.log.warn(
      { delivery: ref.deliveryId, status: (error as { status?: number }).status, err: (error as Error).message },
      `bot could not ${what}; will try again on a later delivery`,
    );
    return false;
  }
}

/**
 * Runs after a pull request delivery has been recorded (record first, talk after). Only projects whose
 * leaders turned the bot on are touched: a label and a welcome for counted sprint work, and one join
 * link for someone who has not joined yet.
 */
export async function talkAboutPullRequest(
  octokit: BotOctokit,
  deps: BotDeps,
  ref: PullRequestRef,
  changes: RecordedChange[],
): Promise<void> {
  for (const change of changes) {
    if (change.projectId === null) continue;
    const settings = getBotSettings(deps.db, change.projectId);
    if (!settings.enabled) continue;
    const project = getProject(deps.db, change.projectId)!;
    const event = getEvent(deps.db, change.eventId)!;
    const contribution = getContribution(deps.db, change.contributionId)!;
    const issue = { owner: ref.owner, repo: ref.repo, issue_number: ref.number };
    if (contribution.counted) {
      if (settings.label) {
        const name = labelName(event);
        await once(
          deps,
          `label:${project.fullName.toLowerCase()}:${event.slug}`,
          ref,
          'create the sprint label',
          async () => {
            try {
              await octokit.request('POST /repos/{owner}/{repo}/labels', {
                owner: ref.owner,
                repo: ref.repo,
                name,
                color: '6f42c1',
                description: `Sprint work from ${event.name}, tracked by devsprint`.slice(0, 100),
              });
            } catch (error) {
              // 422: the label exists already (someone made it by hand): fine, it is reused as it is.
              if ((error as { status?: number }).status !== 422) throw error;
            }
          },
        );
        await once(deps, `labelled:${project.id}:${ref.number}`, ref, 'label the pull request', () =>
          octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...issue, labels: [name] }),
        );
      }
      if (settings.welcome) {
        const author = listCredits(deps.db, contribution.id).find((k) => k.role === 'author');
        const sprinter = author ? getSprinter(deps.db, author.sprinterId) : null;
        const body = renderWelcome(settings.welcomeTemplate, {
          name: sprinter && !sprinter.hidden ? sprinter.displayName : `@${ref.authorLogin}`,
          event: event.name,
          repo: project.fullName,
          firstTime: contribution.firstTime,
          ...links(deps.config, event),
        });
        await once(deps, `welcome:${project.id}:${ref.number}`, ref, 'post the welcome', () =>
          octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...issue, body }),
        );
      }
    } else if (
      settings.joinNudge &&
      contribution.reason === 'not-a-sprinter' &&
      contribution.moderation === null &&
      listCredits(deps.db, contribution.id).length === 0 &&
      event.registrationOpen
    ) {
      const body = renderJoinNudge({
        login: ref.authorLogin,
        event: event.name,
        joinUrl: links(deps.config, event).joinUrl,
      });
      await once(deps, `nudge:${event.id}:${ref.authorLogin.toLowerCase()}`, ref, 'post the join link', () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...issue, body }),
      );
    }
  }
}

export interface CommandReply {
  owner: string;
  repo: string;
  number: number;
  commentId: number;
  deliveryId: string;
}

/** A command's answer: a reaction on the comment, and on refusal a short reply saying why. */
export async function answerCommand(
  octokit: BotOctokit,
  deps: BotDeps,
  reply: CommandReply,
  outcome: { ok: true } | { ok: false; reason: string },
): Promise<void> {
  try {
    await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
      owner: reply.owner,
      repo: reply.repo,
      comment_id: reply.commentId,
      content: outcome.ok ? '+1' : 'confused',
    });
    if (!outcome.ok) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: reply.owner,
        repo: reply.repo,
        issue_number: reply.number,
        body: renderRefusal(outcome.reason),
      });
    }
  } catch (error) {
    deps.log.warn(
      { delivery: reply.deliveryId, err: (error as Error).message },
      'bot could not answer a /sprint command',
    );
  }
}
