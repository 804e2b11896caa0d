import { parseAccountSpec } from '../../sources/registry.js';
import { ForgeAccountTaken, type ForgeAccount } from '../../store/forge-accounts.js';
import { isValidGithubLogin, normalizeEmail } from '../../domain/identity.js';
import { joinEvent, linkForgeAccounts } from '../../services/join-event.js';
import { transaction } from '../../store/store.js';
import { IdentityConflictError } from '../../store/sprinters.js';
import { CommandError, UsageError, type Command } from '../context.js';
import { operatorForgeHosts, parseCommandArgs, requireOption } from '../parse.js';
import { requireEvent } from './event.js';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export const sprinterAdd: Command = {
  name: 'sprinter add',
  summary: 'add a sprinter to an event',
  usage:
    'devsprint sprinter add EVENT --name NAME [--github LOGIN] [--github-id N] [--pagure USER] [--gitlab [HOST/]LOGIN]... [--forgejo [HOST/]LOGIN]... [--email ADDR]...\n' +
    '  --name     the name shown in the leaderboard and the report\n' +
    `  --gitlab   a GitLab account, on gitlab.com unless a host is given (gitlab.gnome.org/alice); --forgejo likewise, on codeberg.org by default\n` +
    '  --email  a commit e-mail, to credit commits pushed without a GitHub login; repeat for several',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        name: { type: 'string' },
        github: { type: 'string' },
        'github-id': { type: 'string' },
        pagure: { type: 'string' },
        email: { type: 'string', multiple: true },
        gitlab: { type: 'string', multiple: true },
        forgejo: { type: 'string', multiple: true },
      },
      ['EVENT'],
    );
    if (values.help) return ctx.stdout(this.usage + '\n');
    const displayName = requireOption(values.name, '--name');
    const githubLogin = values.github?.replace(/^@/, '');
    if (githubLogin !== undefined && !isValidGithubLogin(githubLogin))
      throw new UsageError(`--github "${values.github}" is not a GitHub login`);
    const githubIdText = values['github-id'];
    if (githubIdText !== undefined && !/^\d+$/.test(githubIdText))
      throw new UsageError('--github-id must be the numeric GitHub user id');
    const pagure = values.pagure;
    if (pagure !== undefined && !/^[A-Za-z0-9_.-]+$/.test(pagure))
      throw new UsageError(`--pagure "${pagure}" is not a Pagure username`);
    const emails = (values.email ?? []).map(normalizeEmail);
    for (const email of emails)
      if (!EMAIL.test(email)) throw new UsageError(`--email "${email}" is not an e-mail address`);
    const forgeHosts = operatorForgeHosts(ctx);
    // Given on the command line by the operator: confirmed, as an organizer's word is.
    const accounts: ForgeAccount[] = (['gitlab', 'forgejo'] as const).flatMap((forge) =>
      (values[forge] ?? []).map((spec) => {
        const parsed = parseAccountSpec(forge, spec);
        if (!parsed.ok) throw new UsageError(`--${forge}: ${parsed.error}`);
        return {
          forge,
          instanceUrl: forgeHosts.listedInstance(parsed.instanceUrl),
          username: parsed.username,
          userId: null,
          verifiedBy: 'cli',
        };
      }),
    );
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    try {
      // One transaction: an account another sprinter holds leaves nothing half done.
      const { result, attributed } = transaction(db, () => {
        const joined = joinEvent(
          db,
          event.id,
          {
            displayName,
            githubLogin: githubLogin ?? null,
            githubId: githubIdText ? Number(githubIdText) : null,
            pagureUsername: pagure ?? null,
            emails,
          },
          ctx.now(),
        );
        return {
          result: joined,
          attributed: joined.attributed + linkForgeAccounts(db, joined.sprinter.id, accounts, ctx.now()),
        };
      });
      const credited = attributed ? `; ${attributed} earlier contribution(s) now credited` : '';
      ctx.stdout(`${result.joined ? 'added' : 'updated'} ${result.sprinter.displayName} in ${event.slug}${credited}\n`);
      if (result.joined && Date.parse(event.startsAt) <= ctx.now().getTime())
        ctx.stdout(
          `their work on projects without the app is fetched at the next polling round, or now with: devsprint backfill ${event.slug}\n`,
        );
    } catch (error) {
      if (error instanceof IdentityConflictError || error instanceof ForgeAccountTaken)
        throw new CommandError(error.message);
      throw error;
    }
  },
};
