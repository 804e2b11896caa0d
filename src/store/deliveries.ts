import type { Store } from './store.js';
import { statement } from './statements.js';

/** Which forge sent a web-hook delivery. */
export type DeliverySource = 'github' | 'pagure' | 'gitlab' | 'forgejo';

export interface DeliveryRecord {
  deliveryId: string;
  source: DeliverySource;
  event: string;
  action: string | null;
  outcome: string;
}

export function hasDelivery(db: Store, deliveryId: string): boolean {
  return statement(db, 'SELECT 1 FROM deliveries WHERE delivery_id = ?').get(deliveryId) !== undefined;
}

export function saveDelivery(db: Store, d: DeliveryRecord, now = new Date()): void {
  statement(
    db,
    'INSERT INTO deliveries (delivery_id, source, event, action, received_at, outcome) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(d.deliveryId, d.source, d.event, d.action, now.toISOString(), d.outcome);
}
