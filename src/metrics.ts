import type { DeliverySource } from './store/deliveries.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server: created with it, never module-global, so tests get fresh counters. */
export class Metrics {
  readonly registry = new Registry();
  readonly #deliveries = new Counter({
    name: 'devsprint_deliveries_total',
    help: 'Webhook deliveries by source and outcome',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #ingest = new Histogram({
    name: 'devsprint_ingest_seconds',
    help: 'Time to verify, normalize, attribute and commit a delivery',
    labelNames: ['source'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly #pollerRequests = new Counter({
    name: 'devsprint_poller_requests_total',
    help: 'API requests (GitHub and Pagure) made by polling rounds',
    registers: [this.registry],
  });
  readonly #rateLimit = new Gauge({
    name: 'devsprint_github_rate_limit_remaining',
    help: 'Requests left in the current GitHub rate-limit window, as last reported',
    registers: [this.registry],
  });
  readonly #nextRound = new Gauge({
    name: 'devsprint_poll_next_round_seconds',
    help: 'The wait the poller chose before its next round, from the search budget left',
    registers: [this.registry],
  });

  constructor(sseClients: () => number) {
    collectDefaultMetrics({ register: this.registry, prefix: 'devsprint_' });
    new Gauge({
      name: 'devsprint_sse_clients',
      help: 'Open live-update streams',
      registers: [this.registry],
      collect() {
        this.set(sseClients());
      },
    });
  }

  delivery(source: DeliverySource, outcome: string, seconds: number): void {
    // Outcomes carry details after a colon ("ignored: X changes nothing …"); the label keeps only the kind.
    this.#deliveries.inc({ source, outcome: outcome.split(':')[0]!.trim() });
    this.#ingest.observe({ source }, seconds);
  }

  nextPollRound(seconds: number): void {
    this.#nextRound.set(seconds);
  }

  /** Per polled project, seconds since the last complete round: read from the database at each scrape. */
  followStaleness(read: () => Array<{ event: string; project: string; via: string; seconds: number }>): void {
    if (this.registry.getSingleMetric('devsprint_project_staleness_seconds')) return;
    new Gauge({
      name: 'devsprint_project_staleness_seconds',
      help: 'Seconds since a polling round last covered the project (projects with the app installed send webhooks and are not listed)',
      labelNames: ['event', 'project', 'via'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const row of read())
          this.set({ event: row.event, project: row.project, via: row.via }, Math.round(row.seconds));
      },
    });
  }

  pollerRequests(count: number, rateLimitRemaining: number | null): void {
    if (count > 0) this.#pollerRequests.inc(count);
    if (rateLimitRemaining !== null) this.#rateLimit.set(rateLimitRemaining);
  }
}
