import type { Response } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';

const CHUNK_CHARS = 64 * 1024;
/** A client that takes nothing for this long is cut off: Node does not notice a peer that vanished while its buffer was full. */
export const STALLED_CLIENT_MS = 30_000;

/**
 * Writes generated lines in chunks of about 64 KiB, waiting for the client when its buffer is full and
 * giving the event loop a turn between chunks, so a million-line download neither holds other requests
 * nor piles up in memory. A client that goes away, or stops reading, stops the generator (its `finally` runs).
 */
export async function streamLines(res: Response, lines: Iterable<string>): Promise<void> {
  const iterator = lines[Symbol.iterator]();
  try {
    for (;;) {
      let chunk = '';
      let next = iterator.next();
      while (!next.done) {
        chunk += next.value;
        if (chunk.length >= CHUNK_CHARS) break;
        next = iterator.next();
      }
      if (chunk && !res.write(chunk)) await drained(res);
      if (next.done || res.destroyed) break;
      await nextTurn();
      if (res.destroyed) break;
    }
    if (!res.destroyed) res.end();
  } finally {
    iterator.return?.();
  }
}

/** Resolves when the client has taken the buffered data, or is gone (also when it already was, or stalls). */
function drained(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const stalled = setTimeout(() => res.destroy(), STALLED_CLIENT_MS);
    const done = () => {
      clearTimeout(stalled);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
