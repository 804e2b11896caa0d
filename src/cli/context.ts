import type { SecretBox } from '../secrets.js';
import type { Store } from '../store/store.js';

/** Wrong arguments: printed with the command's usage, exit code 2, nothing written. */
export class UsageError extends Error {}
/** A well-formed command that cannot be carried out (unknown event, duplicate slug): exit code 1. */
export class CommandError extends Error {}

export interface CliContext {
  /** Opens the database only once the arguments are known to be good, so a bad call creates nothing. */
  openDb: () => Store;
  /** Seals secrets (web-hook keys) with the server's key: SECRET_KEY, or the key file beside the database. */
  secrets: () => SecretBox;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  isTty: boolean;
  now: () => Date;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** e.g. `event create` */
  name: string;
  summary: string;
  usage: string;
  run: (args: string[], ctx: CliContext) => void | Promise<void>;
  /** Only commands that start a database may create its file; the others refuse a path where none exists (a typo). */
  createsDatabase?: boolean;
}
