import type { NextFunction, Request, Response } from 'express';
import { withoutBidi } from '../domain/forge-text.js';

/**
 * Strips bidirectional controls from every field a person typed into a form, before any route reads it:
 * a display name, pitch or task title with U+202E would otherwise read backwards on every page, in the
 * report and in JSON. Line breaks and everything visible are kept.
 */
export function stripBidiFromForms(req: Request, _res: Response, next: NextFunction): void {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') body[key] = withoutBidi(value);
      else if (Array.isArray(value))
        body[key] = (value as unknown[]).map((v) => (typeof v === 'string' ? withoutBidi(v) : v));
    }
  }
  next();
}
