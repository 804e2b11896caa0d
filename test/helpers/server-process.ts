import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const MAIN = join(packageRoot, 'dist', 'src', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The last lines the process wrote (stdout and stderr), for messages about a failure. */
  output: () => string;
}

// A benchmark makes the app log one line per delivery, hundreds of thousands in a run: only a tail is kept,
// so reading the output costs the driving process the same at the end of a run as at its start.
const KEPT_OUTPUT = 16 * 1024;

/** The built app as its own process, as it runs in production; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>, cwd: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', POLL_INTERVAL_SECONDS: '0', ...env },
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-KEPT_OUTPUT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${tail}`)), 20_000);
    const check = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(tail);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${tail}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => tail };
}

/** Resolves when the process has exited, also when it already had. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Resolves with the first match of `pattern` in what the process wrote, waiting for its output (not a clock). */
export function outputMatching(server: ServerProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const match = pattern.exec(server.output());
      if (!match) return false;
      server.child.stdout?.off('data', check);
      server.child.stderr?.off('data', check);
      resolve(match);
      return true;
    };
    if (check()) return;
    server.child.stdout?.on('data', check);
    server.child.stderr?.on('data', check);
    server.child.once('exit', () => reject(new Error(`exited without ${pattern}: ${server.output()}`)));
  });
}
