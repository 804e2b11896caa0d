import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Setup sessions open at once: a handful of tabs on one machine, never a stranger's thousands. */
const MAX_SESSIONS = 16;
const SESSION_MS = 2 * 3_600_000;

/**
 * Who may register the GitHub App from its manifest: someone on this machine (the address the request
 * came from, after a proxy on loopback says whose it is), holding the token the server printed at
 * start-up, while no app is configured. Each setup session binds the `state` GitHub brings back, and
 * gives it up once used.
 */
export class SetupGate {
  readonly token = randomBytes(24).toString('base64url');
  #done = false;
  readonly #sessions = new Map<string, { state: string | null; publicUrl: string | null; expires: number }>();

  get open(): boolean {
    return !this.#done;
  }

  close(): void {
    this.#done = true;
    this.#sessions.clear();
  }

  static fromThisMachine(req: Request): boolean {
    return LOOPBACK.has(req.ip ?? '');
  }

  holdsToken(given: unknown): boolean {
    return typeof given === 'string' && same(given, this.token);
  }

  /** A new setup session; the oldest is dropped when too many are open. */
  startSession(now: number): string {
    for (const [id, s] of this.#sessions) if (s.expires <= now) this.#sessions.delete(id);
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    this.#sessions.set(id, { state: null, publicUrl: null, expires: now + SESSION_MS });
    return id;
  }

  hasSession(id: string | undefined, now: number): boolean {
    const session = id ? this.#sessions.get(id) : undefined;
    return session !== undefined && session.expires > now;
  }

  /** The state to send GitHub from this session (a new one each time the form is posted), with the URL it gave. */
  newState(id: string, publicUrl: string): string {
    const state = randomBytes(24).toString('base64url');
    const session = this.#sessions.get(id)!;
    session.state = state;
    session.publicUrl = publicUrl;
    return state;
  }

  /**
   * Once, for the state this session sent: the public URL its form gave. A replay, or a state of another
   * session, is null.
   */
  takeState(id: string | undefined, state: unknown, now: number): { publicUrl: string } | null {
    const session = id ? this.#sessions.get(id) : undefined;
    if (!session || session.expires <= now || session.state === null || typeof state !== 'string') return null;
    if (!same(state, session.state)) return null;
    session.state = null;
    return { publicUrl: session.publicUrl! };
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
