import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { closeStore, DatabaseOpenError, openStore, type Store } from '../store/store.js';
import { CommandError, UsageError, type CliContext, type Command } from './context.js';
import { demo } from './commands/demo.js';
import { eventClose, eventCreate, eventList, eventReopen } from './commands/event.js';
import { contributionsCommand, eventEdit, rejudge } from './commands/decide.js';
import { importCommand } from './commands/import.js';
import { projectAdd, projectApprove, projectList, projectReject } from './commands/project.js';
import { report } from './commands/report.js';
import { sprinterAdd } from './commands/sprinter.js';
import { sprinterClaims, sprinterConfirm, sprinterGive, sprinterUnlink } from './commands/sprinter-accounts.js';
import { backfill, poll } from './commands/poll.js';
import { backup } from './commands/backup.js';
import { doctor } from './commands/doctor.js';
import { SecretBox } from '../secrets.js';
import { enrich } from './commands/enrich.js';
import { taskAdd, taskClaim, taskImport, taskList, taskRelease } from './commands/task.js';

export const COMMANDS: Command[] = [
  eventCreate,
  eventEdit,
  eventList,
  eventClose,
  eventReopen,
  projectAdd,
  projectList,
  projectApprove,
  projectReject,
  sprinterAdd,
  sprinterClaims,
  sprinterConfirm,
  sprinterUnlink,
  sprinterGive,
  taskAdd,
  taskImport,
  taskList,
  taskClaim,
  taskRelease,
  importCommand,
  enrich,
  report,
  contributionsCommand,
  rejudge,
  poll,
  backfill,
  backup,
  doctor,
  demo,
];

export function generalUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: devsprint [--db PATH] COMMAND [ARGS]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --db PATH   the SQLite database (default: $DATABASE_PATH, else ./data/devsprint.sqlite)',
    '  --help      this text; `devsprint COMMAND --help` for a command',
    '',
  ].join('\n');
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  now?: () => Date;
}

/** Parses, runs one command, and returns the exit code: 0 done, 1 could not be done, 2 wrong arguments. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const args = [...argv];
  let dbPath = io.env.DATABASE_PATH || './data/devsprint.sqlite';
  const dbFlag = args.findIndex((a) => a === '--db' || a.startsWith('--db='));
  if (dbFlag >= 0) {
    const flag = args[dbFlag]!;
    const value = flag.includes('=') ? flag.slice(5) : args[dbFlag + 1];
    if (!value || value.startsWith('-')) {
      io.stderr(`devsprint: --db needs a PATH\n\n${generalUsage()}`);
      return 2;
    }
    dbPath = value;
    args.splice(dbFlag, flag.includes('=') ? 1 : 2);
  }
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    (args.length === 0 ? io.stderr : io.stdout)(generalUsage());
    return args.length === 0 ? 2 : 0;
  }
  const command = COMMANDS.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => args[i] === w);
  });
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${args[0]} `));
    const hint = group.length
      ? `"${args.slice(0, 2).join(' ')}" is not a command; try: ${group.map((c) => c.name).join(', ')}`
      : `unknown command "${args[0]}"`;
    io.stderr(`devsprint: ${hint}\n\n${generalUsage()}`);
    return 2;
  }
  let db: Store | null = null;
  const ctx: CliContext = {
    openDb: () => {
      if (!db && !command.createsDatabase && !existsSync(dbPath)) {
        throw new CommandError(
          `no database at ${dbPath}; create one with \`devsprint event create\` (or \`devsprint demo\`), or point --db at the right file`,
        );
      }
      return (db ??= openStore(dbPath));
    },
    secrets: () => SecretBox.load(io.env.SECRET_KEY || null, dbPath),
    stdout: io.stdout,
    stderr: io.stderr,
    readFile: (path) => readFileSync(path, 'utf8'),
    isTty: io.isTty,
    now: io.now ?? (() => new Date()),
    env: io.env,
  };
  try {
    await command.run(args.slice(command.name.split(' ').length), ctx);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`devsprint ${command.name}: ${error.message}\n\nusage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CommandError || error instanceof ConfigError || error instanceof DatabaseOpenError) {
      io.stderr(`devsprint ${command.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    if (db) closeStore(db);
  }
}
