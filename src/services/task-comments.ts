import type { Logger } from 'pino';
import { renderTaskComment } from '../render/bot-comments.js';
import { getBotSettings, saveTaskComment, taskComment } from '../store/bot.js';
import type { EventRecord } from '../store/events.js';
import { findProject } from '../store/projects.js';
import type { Store } from '../store/store.js';
import type { BotOctokit } from './github-bot.js';
import { taskTable } from './task-claims.js';

/** The shortest time between two edits of one task comment. */
export const MIN_EDIT_INTERVAL_MS = 5 * 60_000;

const GITHUB_ISSUE = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/issues\/(\d+)$/;

/**
 * The bot's word on each claimed task's GitHub issue, where the project's leaders turned the bot on and
 * the app is installed: one comment saying who works on it at the event, edited (never repeated) when
 * the claim moves, lapses or ends. Nothing is said of a task nobody has claimed yet. A refusal from
 * GitHub is logged and retried at the next pass.
 */
export async function syncTaskComments(
  db: Store,
  event: EventRecord,
  octokitFor: (installationId: number) => BotOctokit | null,
  tasksUrl: string | null,
  log: Logger,
  now: Date,
): Promise<{ written: number; edited: number }> {
  const result = { written: 0, edited: 0 };
  const tasks = taskTable(db, event, now);
  for (const task of tasks) {
    const issue = task.issue_url ? GITHUB_ISSUE.exec(task.issue_url) : null;
    if (!issue) continue;
    const row = findProject(db, event.id, 'github', task.project);
    if (!row || row.installationId === null) continue;
    const settings = getBotSettings(db, row.id);
    if (!settings.enabled || !settings.taskComments) continue;
    const existing = taskComment(db, task.id);
    const state = task.state === 'open' ? 'free' : task.state;
    if (!existing && (state === 'free' || state === 'closed')) continue;
    // Hidden sprinters are not named: their claim shows without a handle.
    const holders = (state === 'claimed' ? task.claims.map((c) => c.sprinter.github) : []).filter((l): l is string =>
      Boolean(l),
    );
    const body = renderTaskComment({ event: event.name, holders, state, tasksUrl });
    if (existing?.body === body) continue;
    // One edit of a comment every few minutes at most: a claim-and-release loop must not make the app edit
    // a comment on someone's issue without end. A later pass brings the comment up to date.
    if (existing && now.getTime() - Date.parse(existing.updatedAt) < MIN_EDIT_INTERVAL_MS) continue;
    const octokit = octokitFor(row.installationId);
    if (!octokit) continue;
    const [, owner, repo, number] = issue;
    try {
      if (existing) {
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner,
          repo,
          comment_id: existing.commentId,
          body,
        });
        saveTaskComment(db, task.id, existing.commentId, body, now);
        result.edited += 1;
      } else {
        const answer = (await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: Number(number),
          body,
        })) as { data?: { id?: number } };
        if (typeof answer.data?.id !== 'number') throw new Error('GitHub gave no comment id');
        saveTaskComment(db, task.id, answer.data.id, body, now);
        result.written += 1;
      }
    } catch (error) {
      log.warn(
        {
          event: event.slug,
          task: task.id,
          status: (error as { status?: number }).status,
          err: (error as Error).message,
        },
        "bot could not comment on a task's issue; will try again",
      );
    }
  }
  return result;
}
