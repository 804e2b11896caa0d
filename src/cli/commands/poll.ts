import { cliScheduler } from './scheduler.js';
import type { PollResult } from '../../services/poll-event.js';
import { CommandError, type CliContext, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';

/** A progress bar on a terminal; plain lines in logs and pipes. */
function progress(ctx: CliContext): (done: number, total: number, label: string) => void {
  return (done, total, label) => {
    if (ctx.isTty) {
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      ctx.stderr(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label.padEnd(30).slice(0, 30)}${done === total ? '\n' : ''}`,
      );
    } else {
      ctx.stderr(`progress: ${done}/${total} ${label}\n`);
    }
  };
}

function summary(result: PollResult | null): string {
  if (!result) return 'nothing to poll\n';
  const strategy = result.githubStrategy
    ? `, GitHub search ${result.githubStrategy} (${result.githubQueries} queries)`
    : '';
  return (
    `${result.requests} API requests${strategy}; ${result.recorded} contributions seen, ${result.changed} new or changed` +
    (result.errors.length ? `; ${result.errors.length} failed:\n  ${result.errors.join('\n  ')}` : '') +
    '\n'
  );
}

function pollCommand(name: 'poll' | 'backfill', summaryText: string, usage: string): Command {
  return {
    name,
    summary: summaryText,
    usage,
    async run(args, ctx) {
      const { values, positionals } = parseCommandArgs(args, {}, ['EVENT']);
      if (values.help) return ctx.stdout(this.usage + '\n');
      const db = ctx.openDb();
      const event = requireEvent(db, positionals[0]!);
      const { sync } = cliScheduler(db, ctx);
      if (!sync.github())
        ctx.stderr(
          'note: no GitHub credentials (an app installation, or GITHUB_TOKEN), so only Pagure projects are polled\n',
        );
      const result = await sync.pollEvent(event.id, { full: name === 'backfill', onProgress: progress(ctx) });
      ctx.stdout(summary(result));
      for (const error of result?.errors ?? []) ctx.stderr(`failed: ${error}\n`);
      if (result?.errors.length)
        throw new CommandError(`${result.errors.length} request(s) failed; what succeeded is recorded`);
    },
  };
}

export const poll = pollCommand(
  'poll',
  'run one polling round for an event now',
  'devsprint poll EVENT\n  asks GitHub (repositories without the app) and Pagure for what changed since the last round',
);
export const backfill = pollCommand(
  'backfill',
  "fetch an event's contributions since its start",
  "devsprint backfill EVENT\n  fetches every registered project's pull requests of the whole event window (GitHub and Pagure)",
);
