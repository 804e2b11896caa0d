import type { Logger } from 'pino';

export interface BackgroundWorkOptions {
  log: Logger;
  /** Jobs waiting at most; past it a new job is dropped with a warning (the work it would do is optional). */
  maxQueued?: number;
  /** Jobs running at once. */
  concurrency?: number;
}

/**
 * Work done after a delivery is answered (the bot's label, welcome and command replies): a slow or failing
 * GitHub never delays a delivery, the queue is bounded, and `idle()` tells when everything queued has run,
 * so shutdown lets it finish and tests assert "nothing more was posted" without sleeping.
 */
export class BackgroundWork {
  readonly #log: Logger;
  readonly #maxQueued: number;
  readonly #concurrency: number;
  readonly #queue: Array<{ label: string; job: () => Promise<unknown> }> = [];
  #running = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: BackgroundWorkOptions) {
    this.#log = options.log;
    this.#maxQueued = options.maxQueued ?? 1_000;
    this.#concurrency = options.concurrency ?? 4;
  }

  /** Queues a job; returns false (and logs) when the queue is full. */
  run(label: string, job: () => Promise<unknown>): boolean {
    if (this.#queue.length >= this.#maxQueued) {
      this.#log.warn({ job: label, queued: this.#queue.length }, 'background queue full: job dropped');
      return false;
    }
    this.#queue.push({ label, job });
    this.#next();
    return true;
  }

  get pending(): number {
    return this.#queue.length + this.#running;
  }

  /** Resolves once nothing is queued or running (at once if that is already so). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #next(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const { label, job } = this.#queue.shift()!;
      this.#running += 1;
      job()
        .catch((error: Error) => this.#log.error({ err: error, job: label }, 'background job failed'))
        .finally(() => {
          this.#running -= 1;
          this.#next();
          if (this.pending === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
        });
    }
  }
}
