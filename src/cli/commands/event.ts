import { formatInZone } from '../../domain/event-window.js';
import { closeEventReport, reopenEventReport } from '../../services/close-event.js';
import { createEvent, findEventBySlug, listEvents } from '../../store/events.js';
import { CommandError, UsageError, type Command } from '../context.js';
import { instantOption, parseCommandArgs, requireOption, timeZoneOption } from '../parse.js';

export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export const eventCreate: Command = {
  name: 'event create',
  createsDatabase: true,
  summary: 'create an event',
  usage:
    'devsprint event create SLUG --name NAME --starts ISO8601 --ends ISO8601 [--time-zone ZONE] [--venue TEXT] [--capacity N]\n' +
    '  SLUG      lower-case letters, digits and dashes, e.g. pycon-pune-2017\n' +
    '  --starts  and --ends are instants with an offset, e.g. 2017-02-18T09:00+05:30\n' +
    '  --time-zone  IANA zone the pages show times in (default UTC), e.g. Asia/Kolkata',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        name: { type: 'string' },
        starts: { type: 'string' },
        ends: { type: 'string' },
        'time-zone': { type: 'string' },
        venue: { type: 'string' },
        capacity: { type: 'string' },
      },
      ['SLUG'],
    );
    if (values.help) return ctx.stdout(this.usage + '\n');
    const slug = positionals[0]!;
    if (!SLUG.test(slug)) throw new UsageError(`SLUG "${slug}" must be lower-case letters, digits and dashes`);
    const name = requireOption(values.name, '--name');
    const startsAt = instantOption(requireOption(values.starts, '--starts'), '--starts')!;
    const endsAt = instantOption(requireOption(values.ends, '--ends'), '--ends')!;
    if (endsAt <= startsAt) throw new UsageError('--ends must be after --starts');
    const timeZone = timeZoneOption(values['time-zone']) ?? 'UTC';
    let capacity: number | null = null;
    if (values.capacity !== undefined) {
      if (!/^\d+$/.test(values.capacity) || Number(values.capacity) < 1)
        throw new UsageError('--capacity must be a positive whole number');
      capacity = Number(values.capacity);
    }
    const db = ctx.openDb();
    if (findEventBySlug(db, slug)) throw new CommandError(`an event with slug "${slug}" exists already`);
    const event = createEvent(
      db,
      { slug, name, startsAt, endsAt, timeZone, venue: values.venue ?? null, capacity },
      ctx.now(),
    );
    // Echoed on the event's clocks, as they were typed, with the offset that says which instant that is.
    ctx.stdout(
      `created event ${event.slug} (${formatInZone(event.startsAt, event.timeZone)} – ${formatInZone(event.endsAt, event.timeZone)}, ${event.timeZone})\n`,
    );
  },
};

export const eventList: Command = {
  name: 'event list',
  summary: 'list events',
  usage: 'devsprint event list',
  run(args, ctx) {
    const { values } = parseCommandArgs(args, {}, []);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const events = listEvents(ctx.openDb());
    if (!events.length) return ctx.stdout('no events yet: create one with `devsprint event create`\n');
    for (const e of events) ctx.stdout(`${e.slug}\t${e.name}\t${e.startsAt}\t${e.endsAt}\t${e.timeZone}\n`);
  },
};

export function requireEvent(db: Parameters<typeof findEventBySlug>[0], slug: string) {
  const event = findEventBySlug(db, slug);
  if (!event) throw new CommandError(`no event "${slug}": see \`devsprint event list\``);
  return event;
}

const eventStateCommand = (verb: 'close' | 'reopen'): Command => ({
  name: `event ${verb}`,
  summary:
    verb === 'close'
      ? 'close an event and freeze its report as published'
      : 'reopen a closed event (its report follows the data again)',
  usage:
    `devsprint event ${verb} SLUG [--by NAME]\n  --by  who is doing it, kept in the event's log (default: the command line)` +
    (verb === 'close'
      ? '\n  Later joins, leaves, renames and deliveries no longer change the report; `devsprint event reopen` undoes it.'
      : ''),
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { by: { type: 'string' } }, ['SLUG']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const actor = values.by ?? 'command line';
    const changed =
      verb === 'close' ? closeEventReport(db, event, actor, ctx.now()) : reopenEventReport(db, event, actor, ctx.now());
    if (!changed) throw new CommandError(`${event.slug} is ${verb === 'close' ? 'closed' : 'open'} already`);
    ctx.stdout(
      verb === 'close'
        ? `closed ${event.slug}: its report is frozen as it reads now\n`
        : `reopened ${event.slug}: its report follows the data again\n`,
    );
  },
});

export const eventClose = eventStateCommand('close');
export const eventReopen = eventStateCommand('reopen');
