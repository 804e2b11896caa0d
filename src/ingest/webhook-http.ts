import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_WEBHOOK_BYTES, readLimitedBody, type BodyBudget } from './read-limited-body.js';

// Answers are read by forges and by people looking at a delivery log, never rendered as pages.
const ANSWER_HEADERS = {
  'content-type': 'application/json',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** A JSON answer to a forge, with the security headers every endpoint of this layer sends. */
export function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...ANSWER_HEADERS, ...headers }).end(JSON.stringify(body));
}

/** The answer to nearly every delivery, built once: in a burst each microsecond of the hot path counts. */
export function acceptedAnswer(body: object): (res: ServerResponse) => void {
  const text = JSON.stringify(body);
  const headers = Object.entries({ ...ANSWER_HEADERS, 'content-length': String(Buffer.byteLength(text)) }).flat();
  return (res) => void res.writeHead(200, headers).end(text);
}

/**
 * The first steps every forge's endpoint shares: POST only, required headers present, and the body read
 * whole within the size cap and the budget of bytes all bodies in flight may hold. Returns the exact bytes (signatures are over them), or null once it has
 * answered the refusal itself.
 */
export async function readDelivery(
  req: IncomingMessage,
  res: ServerResponse,
  forge: string,
  required: readonly string[],
  budget: BodyBudget,
  onChunk?: (chunk: Buffer) => void,
): Promise<Buffer | null> {
  if (req.method !== 'POST') {
    answer(
      res,
      405,
      { error: `${req.method} is not accepted here: ${forge} delivers web-hooks with POST` },
      { allow: 'POST' },
    );
    return null;
  }
  const missing = required.filter((name) => typeof req.headers[name] !== 'string');
  if (missing.length) {
    answer(res, 400, { error: `Required headers missing: ${missing.join(', ')}` });
    return null;
  }
  const read = await readLimitedBody(req, MAX_WEBHOOK_BYTES, budget, onChunk);
  if (!read.ok && read.reason === 'too-large') {
    answer(
      res,
      413,
      { error: `body of ${read.size} bytes is over the ${MAX_WEBHOOK_BYTES}-byte limit` },
      { connection: 'close' },
    );
    return null;
  }
  if (!read.ok) {
    // Not the sender's fault: the server is reading as many bodies as it holds at once. GitHub redelivers.
    answer(
      res,
      503,
      { error: 'too many deliveries are being read at once; try again shortly' },
      { connection: 'close', 'retry-after': '5' },
    );
    return null;
  }
  res.once('close', () => budget.release(read.reserved));
  return read.body;
}

/** JSON text to a value, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
