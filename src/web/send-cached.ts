import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends a body with a strong ETag and answers a matching If-None-Match with 304. Express's own check
 * ignores If-None-Match whenever the request says `Cache-Control: no-cache`, which is exactly what
 * fetch() adds to a conditional request, so dashboards polling with fetch would never get a 304.
 */
export function sendCached(req: Request, res: Response, body: string, type: string): void {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  res.set({ etag, 'cache-control': 'no-cache', 'content-type': type });
  const match = req.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.send(body);
}
