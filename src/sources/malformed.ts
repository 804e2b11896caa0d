import type { z } from 'zod';

/** A payload without the fields the tracker reads, reported by the first field at fault: `malformed payload: pull_request.number: …`. */
export function malformed(error: z.ZodError): { ok: false; reason: string } {
  const issue = error.issues[0];
  return {
    ok: false,
    reason: `malformed payload: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
  };
}
