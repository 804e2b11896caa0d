import { EventEmitter } from 'node:events';

/** A change the live pages should show; published only after the transaction that made it committed. */
export interface LiveUpdate {
  eventId: number;
  contributionIds: number[];
}

export type LiveListener = (update: LiveUpdate) => void;

/** The channel every update is also published on (event ids are numbers, so it names none of them). */
const EVERY_EVENT = '*';

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open stream: thousands are expected, so the leak warning would only mislead.
    this.#emitter.setMaxListeners(0);
  }

  publish(update: LiveUpdate): void {
    this.#emitter.emit(String(update.eventId), update);
    this.#emitter.emit(EVERY_EVENT, update);
  }

  /** Every event's updates: what tells a stream opened late that something changed since its page was drawn. */
  subscribeAll(listener: LiveListener): () => void {
    this.#emitter.on(EVERY_EVENT, listener);
    return () => this.#emitter.off(EVERY_EVENT, listener);
  }

  /** Returns the exact unsubscribe for this listener, so a closed stream never leaks. */
  subscribe(eventId: number, listener: LiveListener): () => void {
    const channel = String(eventId);
    this.#emitter.on(channel, listener);
    return () => this.#emitter.off(channel, listener);
  }

  listenerCount(eventId: number): number {
    return this.#emitter.listenerCount(String(eventId));
  }
}
