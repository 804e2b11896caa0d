import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../../store/database.js';
import { CommandError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';

export const backup: Command = {
  name: 'backup',
  summary: 'copy the database safely while the app runs',
  usage: 'devsprint backup PATH\n  writes a consistent copy with SQLite\'s online backup (safe while the server is writing) and checks it',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['PATH']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const target = positionals[0]!;
    if (existsSync(target)) throw new CommandError(`${target} exists already; choose a new file name`);
    if (!existsSync(dirname(target) || '.')) throw new CommandError(`the folder ${dirname(target)} does not exist`);
    const db = ctx.openDb();
    const { totalPages } = await db.backup(target);
    const copy = openDatabase(target, { migrate: false, readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new CommandError(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    ctx.stdout(`backed up ${totalPages} pages to ${target} (integrity check ok)\n`);
  },
};
