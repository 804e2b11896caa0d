import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const CLI = join(packageRoot, 'dist', 'src', 'cli', 'devsprint.js');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `devsprint` command as a user would, in a child process. */
export function devsprint(args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    timeout: 20000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
