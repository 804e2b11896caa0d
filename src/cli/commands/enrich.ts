import { cliScheduler } from './scheduler.js';
import { counted } from '../../domain/plural.js';
import type { Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';

export const enrich: Command = {
  name: 'enrich',
  summary: 'complete an imported list from the forges: titles, authors, states and times',
  usage:
    'devsprint enrich EVENT\n' +
    "  asks GitHub (with the app's installation, or GITHUB_TOKEN) and Pagure about each imported pull request and\n" +
    '  commit, fills in its title, author, state, times and first-time flag, and credits rows the list left unnamed\n' +
    '  to the author the forge names. What cannot be resolved is listed, not guessed.',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const { sync } = cliScheduler(db, ctx);
    const github = sync.github();
    if (!github)
      ctx.stderr(
        'note: no GitHub credentials (an app installation, or GITHUB_TOKEN), so only Pagure rows are completed\n',
      );
    const result = (await sync.enrich(event.id))!;
    ctx.stdout(
      `completed ${result.enriched} of ${counted(result.total, 'imported row')} of ${event.slug}` +
        (github ? ` (${counted(github.counter.requests, 'GitHub request')})` : '') +
        '\n',
    );
    for (const row of result.unresolved) ctx.stdout(`not resolved: ${row.url}: ${row.reason}\n`);
  },
};
