import { HttpError } from './http-error.js';

/** How often one signed-in person may do something that starts work for the server, and the words for it. */
export interface PersonLimit {
  /** Times allowed within the window. */
  times: number;
  windowSeconds: number;
  /** What was asked, for the answer: "register projects". */
  what: string;
}

/** Registrations and joins start polling: one person may not start it without end. */
export const REGISTRATIONS: PersonLimit = { times: 5, windowSeconds: 600, what: 'register projects' };
export const MEMBERSHIP_CHANGES: PersonLimit = { times: 10, windowSeconds: 600, what: 'join and leave events' };

/** People remembered at once; beyond it the longest-quiet one is forgotten, so the table stays bounded. */
const MAX_PEOPLE = 10_000;

/**
 * A sliding window per person (by GitHub account id), in memory: a restart forgets it, which only ever
 * allows more. Answers 429 with Retry-After when the person has used up the window.
 */
export class PersonLimiter {
  readonly #times = new Map<number, number[]>();

  constructor(
    readonly limit: PersonLimit,
    readonly maxPeople = MAX_PEOPLE,
  ) {}

  /** Counts one more for this person, or throws the 429 that says when they may try again. */
  take(personId: number, now: number): void {
    const since = now - this.limit.windowSeconds * 1000;
    const recent = (this.#times.get(personId) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit.times) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! - since) / 1000));
      throw new TooManyRequests(
        retryAfter,
        `You may ${this.limit.what} ${this.limit.times} times in ${this.limit.windowSeconds / 60} minutes; please try again in ${Math.ceil(retryAfter / 60)} minute(s). Nothing was changed.`,
      );
    }
    recent.push(now);
    // Re-inserted last: the Map's order is then the order of last use, and the first key the longest quiet.
    this.#times.delete(personId);
    this.#times.set(personId, recent);
    if (this.#times.size > this.maxPeople) this.#times.delete(this.#times.keys().next().value!);
  }

  get people(): number {
    return this.#times.size;
  }
}

export class TooManyRequests extends HttpError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, 'Slow down', message);
  }
}
