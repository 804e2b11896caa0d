import type { NextFunction, Request, Response } from 'express';

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before a byte of it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/**
 * Reads a webhook body for the signature check that follows, refusing it with 413 as soon as it is
 * known to be too large (by Content-Length, or while it streams in), and hands the text on as
 * `req.body`, which @octokit/webhooks uses as it is.
 */
export function readWebhookBody(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const declared = Number(req.headers['content-length']);
    const refuse = (size: number) => {
      res.status(413).set('connection', 'close').json({ error: `body of ${size} bytes is over the ${maxBytes}-byte limit` });
      req.unpipe();
      req.resume();
    };
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        refuse(size);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      req.body = Buffer.concat(chunks).toString('utf8');
      next();
    });
    req.on('error', (error) => next(error));
  };
}

/**
 * Probot builds an installation client from `installation.id` before any handler runs; a payload whose
 * id is not a number would fail there as a 500. Such a payload is refused here with a clear 400.
 */
export function refuseMalformedInstallation(req: Request, res: Response, next: NextFunction): void {
  if (typeof req.body !== 'string' || !req.body.includes('"installation"')) return next();
  let installation: unknown;
  try {
    installation = (JSON.parse(req.body) as { installation?: unknown }).installation;
  } catch {
    return next(); // the signature check runs first and then answers "Invalid JSON"
  }
  if (installation === undefined || installation === null) return next();
  const id = (installation as { id?: unknown }).id;
  if (typeof installation !== 'object' || !Number.isSafeInteger(id) || (id as number) <= 0) {
    res.status(400).json({ error: 'malformed payload: installation.id must be a positive whole number' });
    return;
  }
  next();
}
