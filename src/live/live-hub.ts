import type { ServerResponse } from 'node:http';
import type { EventBus } from './event-bus.js';

export interface LiveHubOptions {
  bus: EventBus;
  /** Builds the payload sent to every client of an event; called once per burst, not once per client. */
  snapshot: (eventId: number) => unknown;
  /** Bursts of deliveries within this window become one update (the goal is "within a second"). */
  coalesceMs?: number;
  heartbeatMs?: number;
  now?: () => number;
  /** Streams open at once, all events together: each holds a socket, a file descriptor of the process. */
  maxStreams?: number;
  /** Streams open at once from one address (a venue's NAT gives many phones one address: not 1). */
  maxStreamsPerAddress?: number;
  /** A stream is ended after this long and the browser reconnects (with Last-Event-ID), so none lives forever. */
  maxStreamAgeMs?: number;
}

/** Why a stream was not opened: the caller answers 503 with Retry-After. */
export type Admission = { ok: true } | { ok: false; reason: string; retryAfterSeconds: number };

interface Channel {
  clients: Set<ServerResponse>;
  unsubscribe: () => void;
  timer: NodeJS.Timeout | null;
}

/**
 * Server-Sent Events fan-out per event. The snapshot is serialized once per update and written to
 * every open stream; ids increase across restarts (they start from the clock) so `Last-Event-ID`
 * tells whether a reconnecting client missed something.
 */
export class LiveHub {
  readonly #channels = new Map<number, Channel>();
  readonly #perAddress = new Map<string, number>();
  #open = 0;
  readonly #options: Required<Omit<LiveHubOptions, 'now'>> & { now: () => number };
  #sequence: number;
  #heartbeat: NodeJS.Timeout;
  readonly #unsubscribeAll: () => void;

  constructor(options: LiveHubOptions) {
    this.#options = {
      coalesceMs: 50,
      heartbeatMs: 15_000,
      now: Date.now,
      maxStreams: 1_000,
      maxStreamsPerAddress: 50,
      maxStreamAgeMs: 30 * 60_000,
      ...options,
    };
    this.#sequence = this.#options.now();
    // Any change moves the sequence on, also of an event nobody streams yet: a page drawn before the change
    // and connecting after it is sent the board at once (its `since` is older), instead of missing it.
    this.#unsubscribeAll = this.#options.bus.subscribeAll(() => this.#advance());
    this.#heartbeat = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  get lastEventId(): number {
    return this.#sequence;
  }

  clientCount(): number {
    return this.#open;
  }

  /** Whether one more stream from this address may open now. */
  admit(address: string): Admission {
    if (this.#open >= this.#options.maxStreams) {
      return {
        ok: false,
        reason: `the server holds its limit of ${this.#options.maxStreams} live streams`,
        retryAfterSeconds: 30,
      };
    }
    if ((this.#perAddress.get(address) ?? 0) >= this.#options.maxStreamsPerAddress) {
      return {
        ok: false,
        reason: `this address holds its limit of ${this.#options.maxStreamsPerAddress} live streams`,
        retryAfterSeconds: 30,
      };
    }
    return { ok: true };
  }

  /**
   * Takes over an HTTP response as an event stream; `since` is the last id the client saw, if any. The
   * caller has asked admit() first.
   */
  attach(eventId: number, res: ServerResponse, since: number | null, address = ''): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n\n`);
    const channel = this.#channel(eventId);
    channel.clients.add(res);
    res.socket?.setNoDelay(true);
    if (since !== null && since < this.#sequence) this.#send([res], this.#frame(eventId));
    this.#open += 1;
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    // A little jitter, so the streams opened together at a talk's start do not all reconnect at once.
    const age = setTimeout(
      () => res.end('retry: 1000\n\n'),
      this.#options.maxStreamAgeMs * (0.9 + Math.random() * 0.1),
    );
    age.unref();
    res.on('close', () => {
      clearTimeout(age);
      this.#open -= 1;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
      channel.clients.delete(res);
      if (channel.clients.size === 0) this.#drop(eventId);
    });
  }

  /** Ends every stream with a retry hint, for a graceful shutdown. */
  close(): void {
    clearInterval(this.#heartbeat);
    this.#unsubscribeAll();
    for (const [eventId, channel] of this.#channels) {
      for (const res of channel.clients) res.end('retry: 1000\n\n');
      this.#drop(eventId);
    }
  }

  #channel(eventId: number): Channel {
    let channel = this.#channels.get(eventId);
    if (!channel) {
      const created: Channel = { clients: new Set(), timer: null, unsubscribe: () => {} };
      created.unsubscribe = this.#options.bus.subscribe(eventId, () => this.#schedule(eventId, created));
      this.#channels.set(eventId, created);
      channel = created;
    }
    return channel;
  }

  #drop(eventId: number): void {
    const channel = this.#channels.get(eventId);
    if (!channel) return;
    channel.unsubscribe();
    if (channel.timer) clearTimeout(channel.timer);
    this.#channels.delete(eventId);
  }

  #advance(): void {
    this.#sequence = Math.max(this.#sequence + 1, this.#options.now());
  }

  #schedule(eventId: number, channel: Channel): void {
    if (channel.timer) return;
    channel.timer = setTimeout(() => {
      channel.timer = null;
      if (channel.clients.size) this.#send(channel.clients, this.#frame(eventId));
    }, this.#options.coalesceMs);
  }

  #frame(eventId: number): string {
    return `id: ${this.#sequence}\nevent: leaderboard\ndata: ${JSON.stringify(this.#options.snapshot(eventId))}\n\n`;
  }

  #send(clients: Iterable<ServerResponse>, frame: string): void {
    for (const res of clients) res.write(frame);
  }

  #beat(): void {
    for (const channel of this.#channels.values()) this.#send(channel.clients, ': heartbeat\n\n');
  }
}
