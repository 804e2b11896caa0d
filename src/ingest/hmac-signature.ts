import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the exact bytes received, in hex: what GitHub and Pagure both sign a delivery with. */
export function hmacSha256Hex(body: Buffer | string, key: string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** Compares in constant time, so the answer's timing tells nothing about how much of a guess was right. */
export function signatureMatches(given: string, body: Buffer, key: string): boolean {
  const expected = Buffer.from(hmacSha256Hex(body, key));
  const provided = Buffer.from(given);
  return expected.length === provided.length && timingSafeEqual(expected, provided);
}
