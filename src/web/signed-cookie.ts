import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { parse } from 'cookie';

/** `value.hmac`: the server can tell a cookie it wrote from one a browser or attacker made up. */
export function signValue(value: string, secret: string): string {
  return `${value}.${createHmac('sha256', secret).update(value).digest('base64url')}`;
}

export function unsignValue(signed: string, secret: string): string | null {
  const cut = signed.lastIndexOf('.');
  if (cut <= 0) return null;
  const value = signed.slice(0, cut);
  const expected = Buffer.from(signValue(value, secret));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? value : null;
}

export function readSignedCookie(req: Request, name: string, secret: string): string | null {
  const raw = parse(req.headers.cookie ?? '')[name];
  return raw ? unsignValue(raw, secret) : null;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
  path?: string;
}

/** httpOnly, SameSite=Lax (the OAuth redirect back from GitHub is a top-level GET and must carry it). */
export function writeSignedCookie(
  res: Response,
  name: string,
  value: string,
  secret: string,
  options: CookieOptions,
): void {
  res.cookie(name, signValue(value, secret), {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.path ?? '/',
    maxAge: options.maxAgeSeconds * 1000,
    // Encoded as the cookie parser decodes it: a `next` path with `%` in it must come back byte for byte.
    encode: encodeURIComponent,
  });
}

export function clearCookie(res: Response, name: string, path = '/'): void {
  res.clearCookie(name, { path, httpOnly: true, sameSite: 'lax' });
}
