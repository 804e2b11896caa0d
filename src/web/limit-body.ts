import type { NextFunction, Request, Response } from 'express';

/** GitHub caps webhook payloads at 25 MB; anything larger is refused before a byte of it is buffered. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export function refuseOversizedBodies(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.status(413).set('connection', 'close').json({ error: `body of ${declared} bytes is over the ${maxBytes}-byte limit` });
      req.resume();
      return;
    }
    next();
  };
}
