import { transaction, type Store } from './store.js';
import { statement } from './statements.js';

export interface TicketHolder {
  email: string;
  name: string;
  githubLogin: string | null;
}

/** Replaces nothing: re-importing an updated export adds new holders and refreshes known ones. */
export function saveTicketHolders(db: Store, eventId: number, holders: TicketHolder[]): number {
  const upsert = statement(
    db,
    `INSERT INTO ticket_holders (event_id, email, name, github_login) VALUES (?, ?, ?, ?)
      ON CONFLICT (event_id, email) DO UPDATE SET name = excluded.name, github_login = COALESCE(excluded.github_login, github_login)`,
  );
  return transaction(db, () =>
    holders.reduce((n, h) => n + upsert.run(eventId, h.email, h.name, h.githubLogin).changes, 0),
  );
}

export function findTicketHolder(db: Store, eventId: number, login: string): TicketHolder | null {
  const row = statement(
    db,
    'SELECT email, name, github_login AS githubLogin FROM ticket_holders WHERE event_id = ? AND github_login = ?',
  ).get(eventId, login) as TicketHolder | undefined;
  return row ?? null;
}

export function countTicketHolders(db: Store, eventId: number): number {
  return statement(db, 'SELECT count(*) FROM ticket_holders WHERE event_id = ?').pluck().get(eventId) as number;
}
