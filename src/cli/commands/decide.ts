import { describeVerdict } from '../../render/count-reason.js';
import type { RedecidedChange } from '../../services/decide-again.js';
import { editEvent } from '../../services/edit-event.js';
import { rejudgeEvent } from '../../services/rejudge-event.js';
import { listForModeration } from '../../store/contributions.js';
import { findEventBySlug, type EventRecord } from '../../store/events.js';
import type { Store } from '../../store/store.js';
import { CommandError, UsageError, type CliContext, type Command } from '../context.js';
import { instantOption, parseCommandArgs, timeZoneOption } from '../parse.js';

function eventOf(db: Store, slug: string): EventRecord {
  const event = findEventBySlug(db, slug);
  if (!event) throw new CommandError(`no event with slug "${slug}" (see \`devsprint event list\`)`);
  return event;
}

function printChanges(ctx: CliContext, changes: RedecidedChange[]): void {
  if (changes.length === 0) return ctx.stdout('no contribution changed\n');
  for (const c of changes) ctx.stdout(`#${c.contributionId}\t${c.before} -> ${c.reason}\n`);
  ctx.stdout(`${changes.length} contribution${changes.length === 1 ? '' : 's'} changed\n`);
}

export const eventEdit: Command = {
  name: 'event edit',
  summary: "change an event's name, window, time zone or follow-up horizon (its work is decided again)",
  usage:
    'devsprint event edit EVENT [--name NAME] [--starts ISO8601] [--ends ISO8601] [--time-zone ZONE] [--follow-up-days N]\n' +
    '  A new window or horizon decides every contribution again and prints what changed.',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        name: { type: 'string' },
        starts: { type: 'string' },
        ends: { type: 'string' },
        'time-zone': { type: 'string' },
        'follow-up-days': { type: 'string' },
      },
      ['EVENT'],
    );
    if (values.help) return ctx.stdout(this.usage + '\n');
    const startsAt = instantOption(values.starts, '--starts');
    const endsAt = instantOption(values.ends, '--ends');
    const timeZone = timeZoneOption(values['time-zone']);
    const days = values['follow-up-days'];
    if (days !== undefined && !/^\d{1,4}$/.test(days))
      throw new UsageError('--follow-up-days must be a whole number of days (0 to 9999)');
    if (values.name !== undefined && values.name.trim() === '') throw new UsageError('--name must not be empty');
    const db = ctx.openDb();
    const event = eventOf(db, positionals[0]!);
    if ((endsAt ?? event.endsAt) <= (startsAt ?? event.startsAt)) throw new UsageError('--ends must be after --starts');
    const edited = editEvent(
      db,
      event,
      {
        ...(values.name !== undefined ? { name: values.name.trim() } : {}),
        ...(startsAt ? { startsAt } : {}),
        ...(endsAt ? { endsAt } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(days !== undefined ? { followUpDays: Number(days) } : {}),
      },
      ctx.now(),
    );
    ctx.stdout(`edited event ${edited.event.slug}\n`);
    printChanges(ctx, edited.changes);
  },
};

export const rejudge: Command = {
  name: 'rejudge',
  summary: 'decide every contribution of an event again from its stored facts; prints what changed',
  usage:
    'devsprint rejudge EVENT\n  On a healthy database nothing changes; after a release whose rules changed, this applies them.',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {}, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const db = ctx.openDb();
    printChanges(ctx, rejudgeEvent(db, eventOf(db, positionals[0]!).id, ctx.now()));
  },
};

export const contributionsCommand: Command = {
  name: 'contributions',
  summary: 'every contribution the app has seen at an event, counted or not, with why',
  usage: 'devsprint contributions EVENT [--format tsv|json]',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } }, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const format = values.format ?? 'tsv';
    if (format !== 'tsv' && format !== 'json') throw new UsageError('--format must be tsv or json');
    const db = ctx.openDb();
    const rows = listForModeration(db, eventOf(db, positionals[0]!).id, null, Number.MAX_SAFE_INTEGER).map((r) => ({
      project: r.project,
      kind: r.kind,
      key: r.key,
      url: r.url,
      title: r.title,
      state: r.state,
      author: r.authorLogin,
      sprinter: r.sprinterName,
      counted: r.counted === 1,
      reason: r.reason,
      moderation: r.moderation,
      why: describeVerdict(r.reason, r.moderation),
    }));
    if (format === 'json') return ctx.stdout(JSON.stringify(rows, null, 2) + '\n');
    ctx.stdout('project\tkind\tkey\tauthor\tcounted\treason\twhy\turl\n');
    const cell = (text: string | null) => (text ?? '').replace(/[\t\r\n]+/g, ' ');
    for (const r of rows) {
      ctx.stdout(
        [r.project, r.kind, r.key, r.author, r.counted ? 'yes' : 'no', r.reason, r.why, r.url].map(cell).join('\t') +
          '\n',
      );
    }
  },
};
