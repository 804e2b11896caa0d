import { RefusedContribution } from '../../services/refused-contribution.js';
import { importList } from '../../services/import-list.js';
import { ListFormatError, parseContributionList } from '../../sources/tsv/parse-list.js';
import { forgeOfInstance } from '../../store/projects.js';
import { CommandError, type Command } from '../context.js';
import { parseCommandArgs } from '../parse.js';
import { requireEvent } from './event.js';
import { counted } from '../../domain/plural.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'load a hand-kept contribution list (TSV) into an event',
  usage:
    'devsprint import EVENT FILE.tsv\n' +
    '  FILE.tsv  tab-separated, with the header: forge project kind url contributor_name github_login title\n' +
    '            (optional columns: pagure_user state created_at; only url is required, the others read from\n' +
    "            the link); or a pad's bare list, a link a line with whoever it names (@handle, Name (@handle)).\n" +
    '            Lines starting with # are comments.\n' +
    "            Every row counts, as the organizer's word; rows with no contributor stay as unnamed.",
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['EVENT', 'FILE']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const [slug, file] = positionals as [string, string];
    let text: string;
    try {
      text = ctx.readFile(file);
    } catch (error) {
      throw new CommandError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    let rows;
    let skipped;
    try {
      // A host whose links look alike on GitLab and Forgejo is told apart by the projects registered on it.
      ({ rows, skipped } = parseContributionList(text, {
        forgeOfHost: (origin) => forgeOfInstance(ctx.openDb(), origin),
      }));
    } catch (error) {
      if (error instanceof ListFormatError)
        throw new CommandError(`${file} was not imported:\n  ${error.problems.join('\n  ')}`);
      throw error;
    }
    const db = ctx.openDb();
    let summary;
    try {
      summary = importList(db, requireEvent(db, slug), rows, ctx.now());
    } catch (error) {
      if (error instanceof RefusedContribution) throw new CommandError(`${file} was not imported: ${error.message}`);
      throw error;
    }
    ctx.stdout(
      `imported ${counted(summary.contributions, 'contribution')} to ${counted(summary.projects, 'project')} by ${counted(summary.sprinters, 'named sprinter')}` +
        (summary.outcomes ? `, and ${counted(summary.outcomes, 'non-code outcome')}` : '') +
        ` into ${slug}: ` +
        `${summary.added} new, ${summary.changed} changed, ${summary.unchanged} unchanged\n`,
    );
    for (const row of skipped) ctx.stdout(`line ${row.line}: ${row.reason}\n`);
    if (rows.some((r) => r.kind !== 'other' && (!r.title || !r.createdAt || (!r.githubLogin && !r.pagureUser)))) {
      ctx.stdout(
        `some rows have no title, time or author: complete them from the forges with: devsprint enrich ${slug}\n`,
      );
    }
  },
};
