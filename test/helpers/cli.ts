import { spawn, spawnSync } from 'node:child_process';
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
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_PACING: 'none', ...env },
    timeout: 20000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The CLI in a child process, asynchronously: for tests whose stand-in servers live in this process and
 * must keep answering while the command runs.
 */
export function devsprintAsync(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', GITHUB_PACING: 'none', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
