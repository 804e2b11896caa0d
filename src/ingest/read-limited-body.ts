import type { IncomingMessage } from 'node:http';

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before a byte of it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type LimitedBody = { ok: true; body: Buffer } | { ok: false; size: number };

/**
 * Reads a request body whole, or stops as soon as it is known to be over `maxBytes` (by Content-Length,
 * or while it streams in): the rest is then drained unread, so the caller can answer 413 at once.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<LimitedBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const refuse = (size: number) => {
      req.removeAllListeners('data');
      req.resume();
      resolve({ ok: false, size });
    };
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) refuse(size);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }));
    req.on('error', reject);
  });
}
