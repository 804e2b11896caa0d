import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';

/** HMAC-SHA256 of the exact bytes received, in hex: what GitHub and Pagure both sign a delivery with. */
export function hmacSha256Hex(body: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** An HMAC-SHA256 fed as the body streams in; `matches` then compares its hex digest with the one given. */
export function streamingSignature(key: string): {
  update: (chunk: Buffer) => void;
  matches: (given: string) => boolean;
} {
  const hmac: Hmac = createHmac('sha256', key);
  return {
    update: (chunk) => void hmac.update(chunk),
    matches: (given) => sameHex(given, hmac.digest('hex')),
  };
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares in constant time, so the answer's timing tells nothing about how much of a guess was right. */
export function signatureMatches(given: string, body: Buffer, key: string): boolean {
  return sameHex(given, hmacSha256Hex(body, key));
}
