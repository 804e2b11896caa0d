import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { recordBackup } from '../../store/setup-facts.js';
import { backupStore } from '../../store/store.js';
import { CommandError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';

export const backup: Command = {
  name: 'backup',
  summary: 'copy the database safely while the app runs',
  usage:
    "devsprint backup PATH\n  writes a consistent copy with SQLite's online backup (safe while the server is writing) and checks it",
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['PATH']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const target = positionals[0]!;
    if (existsSync(target)) throw new CommandError(`${target} exists already; choose a new file name`);
    if (!existsSync(dirname(target) || '.')) throw new CommandError(`the folder ${dirname(target)} does not exist`);
    let totalPages: number;
    try {
      totalPages = await backupStore(ctx.openDb(), target);
    } catch (error) {
      throw new CommandError((error as Error).message);
    }
    // The setup check says when the last copy was made.
    recordBackup(ctx.openDb(), resolve(target), ctx.now());
    ctx.stdout(`backed up ${totalPages} pages to ${target} (integrity check ok)\n`);
  },
};
