import type { LinkedIdentity } from '../../domain/linked-identity.js';
import { describeIdentity, formatIdentity, parseIdentity } from '../../sources/linked-identity.js';
import { isValidGithubLogin } from '../../domain/identity.js';
import {
  ClaimMismatch,
  confirmClaim,
  reassignIdentity,
  unlinkIdentity,
  type IdentityChange,
} from '../../services/account-proofs.js';
import { holderOf, IdentityTaken, pendingClaims } from '../../store/claims.js';
import { findSprinterByLogin, getSprinter } from '../../store/sprinters.js';
import type { Store } from '../../store/store.js';
import { CommandError, UsageError, type CliContext, type Command } from '../context.js';
import { operatorForgeHosts, parseCommandArgs, requireOption } from '../parse.js';
import { requireEvent } from './event.js';

const ACCOUNT_FORMS = 'pagure:NAME, gitlab:[HOST/]LOGIN, forgejo:[HOST/]LOGIN or an e-mail';

function accountArgument(text: string, ctx: CliContext): LinkedIdentity {
  const parsed = parseIdentity(text, operatorForgeHosts(ctx));
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.identity;
}

function holderName(db: Store, identity: LinkedIdentity): { id: number; name: string } {
  const holder = holderOf(db, identity);
  if (!holder) throw new CommandError(`nobody holds the ${describeIdentity(identity)}`);
  return { id: holder.sprinterId, name: getSprinter(db, holder.sprinterId)!.displayName };
}

function report(ctx: CliContext, what: string, change: IdentityChange): void {
  const recounted = change.recounted ? `; ${change.recounted} contribution(s) counted differently now` : '';
  ctx.stdout(`${what}${recounted}\n`);
}

function explained<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ClaimMismatch || error instanceof IdentityTaken) throw new CommandError(error.message);
    throw error;
  }
}

export const sprinterClaims: Command = {
  name: 'sprinter claims',
  summary: "list the accounts an event's sprinters typed that wait for proof",
  usage:
    'devsprint sprinter claims EVENT\n' +
    '  Each line: the sprinter, and the account as `sprinter confirm` and `sprinter unlink` take it.',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const claims = pendingClaims(db, event.id);
    if (claims.length === 0) return ctx.stdout(`no account waits for proof in ${event.slug}\n`);
    for (const c of claims)
      ctx.stdout(`${c.displayName}${c.githubLogin ? ` (@${c.githubLogin})` : ''}\t${formatIdentity(c.identity)}\n`);
  },
};

/** A command acting on an account for the sprinter who holds it now. */
function onHeldAccount(
  name: string,
  summary: string,
  act: (db: Store, holder: number, identity: LinkedIdentity, now: Date) => IdentityChange,
  said: (identity: string, holder: string) => string,
): Command {
  return {
    name,
    summary,
    usage: `devsprint ${name} ACCOUNT\n  ACCOUNT  ${ACCOUNT_FORMS}`,
    run(args, ctx) {
      const { values, positionals } = parseCommandArgs(args, {}, ['ACCOUNT']);
      if (values.help) return ctx.stdout(this.usage + '\n');
      const identity = accountArgument(positionals[0]!, ctx);
      const db = ctx.openDb();
      const holder = holderName(db, identity);
      const change = explained(() => act(db, holder.id, identity, ctx.now()));
      report(ctx, said(describeIdentity(identity), holder.name), change);
    },
  };
}

export const sprinterConfirm = onHeldAccount(
  'sprinter confirm',
  'confirm an account a sprinter typed is theirs: its work counts',
  (db, holder, identity, now) => confirmClaim(db, holder, identity, 'cli', now),
  (identity, holder) => `confirmed the ${identity} of ${holder}`,
);

export const sprinterUnlink = onHeldAccount(
  'sprinter unlink',
  'take an account from the sprinter who holds it: its work is decided again',
  unlinkIdentity,
  (identity, holder) => `unlinked the ${identity} from ${holder}`,
);

export const sprinterGive: Command = {
  name: 'sprinter give',
  summary: 'give an account to a sprinter, whoever holds it now',
  usage: `devsprint sprinter give ACCOUNT --to LOGIN\n  ACCOUNT  ${ACCOUNT_FORMS}\n  --to     the GitHub login of the sprinter it belongs to`,
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { to: { type: 'string' } }, ['ACCOUNT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const identity = accountArgument(positionals[0]!, ctx);
    const login = requireOption(values.to, '--to').replace(/^@/, '');
    if (!isValidGithubLogin(login)) throw new UsageError(`--to "${login}" is not a GitHub login`);
    const db = ctx.openDb();
    const target = findSprinterByLogin(db, login);
    if (!target) throw new CommandError(`no sprinter has the GitHub login ${login}`);
    const change = explained(() => reassignIdentity(db, identity, target.id, 'cli', ctx.now()));
    const from = change.takenFrom === null ? '' : ` (taken from ${getSprinter(db, change.takenFrom)!.displayName})`;
    report(ctx, `gave the ${describeIdentity(identity)} to ${target.displayName}${from}`, change);
  },
};
