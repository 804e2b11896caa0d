import type { IncomingMessage } from 'node:http';

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before a byte of it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** `reserved`: the budget the body holds, for the caller to release once it has answered the request. */
export type LimitedBody =
  { ok: true; body: Buffer; reserved: number } | { ok: false; reason: 'too-large' | 'busy'; size: number };

/**
 * The bytes all request bodies being read may hold together. A delivery is read whole before its
 * signature can be checked, so without a budget forty unsigned 24 MB bodies at once hold a gigabyte;
 * with it, a body that does not fit is refused at once (503: GitHub redelivers later) and memory stays
 * within the budget whatever strangers send.
 */
export class BodyBudget {
  #used = 0;

  constructor(readonly limitBytes: number) {}

  get used(): number {
    return this.#used;
  }

  reserve(bytes: number): boolean {
    if (this.#used + bytes > this.limitBytes) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

/**
 * Reads a request body whole, or stops as soon as it is known to be over `maxBytes` or over what the
 * budget has left (by Content-Length, or while it streams in): the rest is then drained unread, so the
 * caller can answer at once. `onChunk` sees each chunk as it arrives (a signature computed while the body
 * streams in, so checking it costs no second pass over the bytes). A refused body gives its budget back at once; a read one holds it until the
 * caller releases it, once the request is answered and the buffer dropped.
 */
export function readLimitedBody(
  req: IncomingMessage,
  maxBytes: number,
  budget: BodyBudget,
  onChunk?: (chunk: Buffer) => void,
): Promise<LimitedBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let reserved = 0;
    const refuse = (reason: 'too-large' | 'busy', size: number) => {
      req.removeAllListeners('data');
      req.resume();
      budget.release(reserved);
      reserved = 0;
      resolve({ ok: false, reason, size });
    };
    if (Number.isFinite(declared) && declared > maxBytes) return refuse('too-large', declared);
    // A declared length is reserved whole up front; a chunked body chunk by chunk.
    if (Number.isFinite(declared) && declared > 0) {
      if (!budget.reserve(declared)) return refuse('busy', declared);
      reserved = declared;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return refuse('too-large', size);
      if (size > reserved) {
        if (!budget.reserve(size - reserved)) return refuse('busy', size);
        reserved = size;
      }
      chunks.push(chunk);
      onChunk?.(chunk);
    });
    req.on('end', () =>
      resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), reserved }),
    );
    req.on('error', (error) => {
      budget.release(reserved);
      reserved = 0;
      reject(error);
    });
  });
}
