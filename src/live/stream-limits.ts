import { readFileSync } from 'node:fs';

/** The process's soft limit on open files (Linux), or null where it cannot be read. */
export function openFileLimit(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): number | null {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(read('/proc/self/limits'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * How many live streams fit beside everything else the server needs sockets and files for (the
 * database and its WAL, webhook deliveries, page requests, the forges): three quarters of what is left
 * after 200 of them. At the common default of 1,024 that is 618; `ulimit -n` raises it.
 */
export function defaultMaxStreams(fileLimit: number | null): number {
  if (fileLimit === null) return 600;
  return Math.max(50, Math.floor((fileLimit - 200) * 0.75));
}
