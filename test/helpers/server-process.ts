import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const MAIN = join(packageRoot, 'dist', 'src', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The built app as its own process, as it runs in production; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>, cwd: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', POLL_INTERVAL_SECONDS: '0', ...env } });
  let log = '';
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${log}`)), 20_000);
    const check = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${log}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => log };
}

/** Resolves when the process has exited, also when it already had. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
