import { transaction, type Store } from './store.js';
import { statement } from './statements.js';

export interface TicketHolder {
  email: string;
  name: string;
  /** The login its buyer typed: shown to organizers, never what a person is matched by. */
  githubLogin: string | null;
  githubId?: number | null;
}

/** Replaces nothing: re-importing an updated export adds new holders and refreshes known ones. */
export function saveTicketHolders(db: Store, eventId: number, holders: TicketHolder[]): number {
  const upsert = statement(
    db,
    `INSERT INTO ticket_holders (event_id, email, name, github_login, github_id) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (event_id, email) DO UPDATE SET name = excluded.name, github_login = COALESCE(excluded.github_login, github_login),
        github_id = COALESCE(excluded.github_id, github_id)`,
  );
  return transaction(db, () =>
    holders.reduce((n, h) => n + upsert.run(eventId, h.email, h.name, h.githubLogin, h.githubId ?? null).changes, 0),
  );
}

/**
 * The ticket a signed-in account holds: one naming its GitHub id, or one bought with an e-mail GitHub says
 * the account verified. Never by login: a login on a ticket is what its buyer typed, and anyone may own it.
 */
export function findTicketHolder(db: Store, eventId: number, githubId: number): TicketHolder | null {
  const row = statement(
    db,
    `SELECT email, name, github_login AS githubLogin, github_id AS githubId FROM ticket_holders
      WHERE event_id = @event AND (github_id = @id OR email IN (SELECT email FROM github_verified_emails WHERE github_id = @id))
      ORDER BY github_id = @id DESC, email LIMIT 1`,
  ).get({ event: eventId, id: githubId }) as TicketHolder | undefined;
  return row ?? null;
}

export function countTicketHolders(db: Store, eventId: number): number {
  return statement(db, 'SELECT count(*) FROM ticket_holders WHERE event_id = ?').pluck().get(eventId) as number;
}
