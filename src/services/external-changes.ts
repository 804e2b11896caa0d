import type { EventBus } from '../live/event-bus.js';
import { eventFingerprints, othersCommitCount } from '../store/change-watch.js';
import type { Store } from '../store/store.js';

/**
 * Writes made by another process (`devsprint import`, `event close`, `sprinter add` while the server
 * runs) reach the open pages too: once a second the server asks SQLite whether anyone else committed,
 * and only then which events changed, and publishes those as its own writes are published.
 */
export class ExternalChanges {
  #timer: NodeJS.Timeout | null = null;
  #version: number;
  #prints: Map<number, string>;

  constructor(
    private readonly db: Store,
    private readonly bus: EventBus,
    private readonly intervalMs = 1_000,
  ) {
    this.#version = othersCommitCount(db);
    this.#prints = eventFingerprints(db);
  }

  start(): this {
    this.#timer ??= setInterval(() => this.check(), this.intervalMs);
    this.#timer.unref();
    return this;
  }

  /** Returns the events announced. */
  check(): number[] {
    const version = othersCommitCount(this.db);
    if (version === this.#version) return [];
    this.#version = version;
    const prints = eventFingerprints(this.db);
    const changed = [...prints]
      .filter(([eventId, print]) => this.#prints.get(eventId) !== print)
      .map(([eventId]) => eventId);
    this.#prints = prints;
    for (const eventId of changed) this.bus.publish({ eventId, contributionIds: [] });
    return changed;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
