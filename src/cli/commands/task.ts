import { formatInZone } from '../../domain/event-window.js';
import { parseProjectSpec } from '../../sources/registry.js';
import { TASK_LEVELS } from '../../domain/tasks.js';
import { addProjectTask } from '../../services/add-task.js';
import { importLabeledTasks } from '../../services/refresh-tasks.js';
import { counted } from '../../domain/plural.js';
import { claimTask, releaseTask, taskTable } from '../../services/task-claims.js';
import type { EventRecord } from '../../store/events.js';
import { findProject } from '../../store/projects.js';
import { findMember } from '../../store/sprinters.js';
import type { Store } from '../../store/store.js';
import { CommandError, UsageError, type CliContext, type Command } from '../context.js';
import { parseCommandArgs, requireOption } from '../parse.js';
import { requireEvent } from './event.js';
import { cliScheduler } from './scheduler.js';

function taskId(text: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new UsageError(`TASK_ID "${text}" must be a task's number, as \`devsprint task list\` shows`);
  return Number(text);
}

function sprinterOf(db: Store, event: EventRecord, login: string): number {
  const sprinter = findMember(db, event.id, { githubLogin: login.replace(/^@/, '') });
  if (sprinter === null) throw new CommandError(`nobody with the GitHub login "${login}" has joined ${event.slug}`);
  return sprinter;
}

export const taskAdd: Command = {
  name: 'task add',
  summary: 'list a task sprinters can take on a registered project',
  usage:
    'devsprint task add EVENT PROJECT --title T [--issue URL] [--level L] [--capacity N]\n' +
    '  PROJECT     as registered: owner/repo, github:owner/repo or pagure:name\n' +
    `  --level     ${TASK_LEVELS.join(' | ')} (default first-task)\n` +
    '  --capacity  how many sprinters may hold it at once (default 1)',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        title: { type: 'string' },
        issue: { type: 'string' },
        level: { type: 'string' },
        capacity: { type: 'string' },
        description: { type: 'string' },
      },
      ['EVENT', 'PROJECT'],
    );
    if (values.help) return ctx.stdout(this.usage + '\n');
    const title = requireOption(values.title, '--title');
    const spec = parseProjectSpec(positionals[1]!);
    if (!spec.ok) throw new UsageError(spec.error);
    if (values.level !== undefined && !(TASK_LEVELS as readonly string[]).includes(values.level))
      throw new UsageError(`--level must be ${TASK_LEVELS.join(', ')}`);
    if (values.capacity !== undefined && !/^\d{1,2}$/.test(values.capacity))
      throw new UsageError('--capacity must be a whole number from 1 to 50');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const project = findProject(db, event.id, spec.forge, spec.fullName);
    if (!project)
      throw new CommandError(
        `${spec.fullName} is not registered for ${event.slug}: see \`devsprint project list ${event.slug}\``,
      );
    const result = addProjectTask(
      db,
      project,
      {
        title,
        description: values.description,
        level: values.level,
        issueUrl: values.issue ?? null,
        capacity: values.capacity ? Number(values.capacity) : undefined,
      },
      'cli',
      ctx.now(),
    );
    if (!result.ok)
      throw result.field === 'issue' && result.error.startsWith('task ')
        ? new CommandError(result.error)
        : new UsageError(`--${result.field}: ${result.error}`);
    ctx.stdout(`${result.task.id}\n`);
  },
};

export const taskList: Command = {
  name: 'task list',
  summary: "an event's tasks: who holds each, and the pull requests linked to it",
  usage: 'devsprint task list EVENT [--format text|json]\n  json: the shape of GET /events/EVENT/tasks.json',
  run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } }, ['EVENT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const tasks = taskTable(db, event, ctx.now());
    if (format === 'json') return ctx.stdout(JSON.stringify(tasks, null, 2) + '\n');
    if (!tasks.length)
      return ctx.stdout(
        `no tasks in ${event.slug} yet: add one with \`devsprint task add ${event.slug} PROJECT --title T\`\n`,
      );
    for (const t of tasks) {
      const holders = t.claims.map((c) => (c.sprinter.github ? `@${c.sprinter.github}` : c.sprinter.name)).join(', ');
      ctx.stdout(
        `${t.id}\t${t.project}\t${t.level}\t${t.state}\t${t.claims.length}/${t.capacity}${holders ? ` ${holders}` : ''}\t${t.title}${t.issue_url ? ` (${t.issue_url})` : ''}\n`,
      );
    }
  },
};

const claimUsage = (verb: string) => `devsprint task ${verb} EVENT TASK_ID --sprinter GITHUB_LOGIN`;

/** `EVENT TASK_ID --sprinter LOGIN`, checked before the database is opened; null when only --help was asked. */
function claimTarget(
  args: string[],
  ctx: CliContext,
  usage: string,
): { login: string; id: number; db: Store; event: EventRecord } | null {
  const { values, positionals } = parseCommandArgs(args, { sprinter: { type: 'string' } }, ['EVENT', 'TASK_ID']);
  if (values.help) {
    ctx.stdout(usage + '\n');
    return null;
  }
  const login = requireOption(values.sprinter, '--sprinter');
  const id = taskId(positionals[1]!);
  const db = ctx.openDb();
  return { login, id, db, event: requireEvent(db, positionals[0]!) };
}

export const taskClaim: Command = {
  name: 'task claim',
  summary: 'a sprinter takes a task (as a leader assigning it)',
  usage: claimUsage('claim'),
  run(args, ctx) {
    const target = claimTarget(args, ctx, this.usage);
    if (!target) return;
    const { login, id, db, event } = target;
    const outcome = claimTask(db, event, id, sprinterOf(db, event, login), ctx.now());
    switch (outcome.kind) {
      case 'claimed':
        return ctx.stdout(
          `${login} holds task ${id} until ${formatInZone(outcome.expiresAt, event.timeZone)} (for as long as needed once a pull request is linked)\n`,
        );
      case 'no-task':
        throw new CommandError(`${event.slug} has no task ${id}`);
      case 'not-joined':
        throw new CommandError(`${login} has not joined ${event.slug}`);
      case 'already-held':
        return ctx.stdout(`${login} already holds task ${id}\n`);
      case 'taken':
        throw new CommandError(`task ${id} is ${outcome.state}: it cannot be claimed`);
      case 'full':
        throw new CommandError(`task ${id} is full: ${outcome.capacity} of ${outcome.capacity} places are held`);
      case 'too-many':
        throw new CommandError(
          `${login} already holds ${counted(outcome.max, 'task')}, the most this event allows at once: release one first`,
        );
    }
  },
};

export const taskRelease: Command = {
  name: 'task release',
  summary: 'give a claimed task back',
  usage: claimUsage('release'),
  run(args, ctx) {
    const target = claimTarget(args, ctx, this.usage);
    if (!target) return;
    const { login, id, db, event } = target;
    if (!releaseTask(db, event, id, sprinterOf(db, event, login), 'cli', ctx.now()))
      throw new CommandError(`${login} holds no claim on task ${id} of ${event.slug}`);
    ctx.stdout(`released task ${id} from ${login}\n`);
  },
};

export const taskImport: Command = {
  name: 'task import',
  summary: 'make a task of each open issue of a project carrying a label (kept: later ones follow)',
  usage:
    'devsprint task import EVENT PROJECT --label NAME\n' +
    "  GitHub is read through the app's installation or GITHUB_TOKEN, Pagure through api/0 (issues?tags=).\n" +
    '  The label is kept: polling rounds add issues labelled later, and close tasks whose issue was closed.',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { label: { type: 'string' } }, ['EVENT', 'PROJECT']);
    if (values.help) return ctx.stdout(this.usage + '\n');
    const label = requireOption(values.label, '--label').trim();
    if (!label || label.length > 100) throw new UsageError('--label must be 1 to 100 characters');
    const spec = parseProjectSpec(positionals[1]!);
    if (!spec.ok) throw new UsageError(spec.error);
    const db = ctx.openDb();
    const event = requireEvent(db, positionals[0]!);
    const project = findProject(db, event.id, spec.forge, spec.fullName);
    if (!project)
      throw new CommandError(
        `${spec.fullName} is not registered for ${event.slug}: see \`devsprint project list ${event.slug}\``,
      );
    const { sync, config } = cliScheduler(db, ctx);
    const github = sync.github();
    try {
      const result = await importLabeledTasks(
        db,
        project,
        label,
        'cli',
        { github, open: { hosts: config.forgeHosts } },
        ctx.now(),
      );
      ctx.stdout(
        `${counted(result.added, 'task')} added from the open issues of ${project.fullName} labelled "${label}"${result.existing ? ` (${result.existing} already listed)` : ''}\n`,
      );
    } catch (error) {
      throw new CommandError(`the issues of ${project.fullName} could not be read: ${(error as Error).message}`);
    }
  },
};
