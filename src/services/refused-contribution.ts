/**
 * A contribution that a source handed on but that the tracker will not keep, with the field named: a 4xx
 * for a webhook (a redelivery would be refused again), a refused file for an import. Nothing is written.
 */
export class RefusedContribution extends Error {
  readonly status = 400;
}
