import type { Scoring } from '../domain/scoring.js';
import type { Store } from './store.js';
import { addEventTotals } from './stats.js';
import { statement } from './statements.js';

export interface EventRecord {
  id: number;
  slug: string;
  name: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string | null;
  capacity: number | null;
  registrationOpen: boolean;
  reportPublic: boolean;
  followUpDays: number;
  joinCode: string | null;
  /** When an organizer closed the event and froze its report; null while it is open. */
  closedAt: string | null;
  scoring: Scoring;
  /** False: project leaders are thanked as mentors and reviewers rather than ranked with the sprinters. */
  rankLeaders: boolean;
}

export interface NewEvent {
  slug: string;
  name: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue?: string | null;
  capacity?: number | null;
}

interface EventRow {
  id: number;
  slug: string;
  name: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  venue: string | null;
  capacity: number | null;
  registration_open: number;
  report_public: number;
  follow_up_days: number;
  join_code: string | null;
  closed_at: string | null;
  scoring: Scoring;
  rank_leaders: number;
}

function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    venue: row.venue,
    capacity: row.capacity,
    registrationOpen: row.registration_open === 1,
    reportPublic: row.report_public === 1,
    followUpDays: row.follow_up_days,
    joinCode: row.join_code,
    closedAt: row.closed_at,
    scoring: row.scoring,
    rankLeaders: row.rank_leaders === 1,
  };
}

export function createEvent(db: Store, input: NewEvent, now = new Date()): EventRecord {
  const info = statement(
    db,
    // A new event thanks its leaders as mentors rather than ranking them with the newcomers they help.
    `INSERT INTO events (slug, name, starts_at, ends_at, time_zone, venue, capacity, created_at, rank_leaders)
       VALUES (@slug, @name, @startsAt, @endsAt, @timeZone, @venue, @capacity, @createdAt, 0)`,
  ).run({ venue: null, capacity: null, ...input, createdAt: now.toISOString() });
  const id = Number(info.lastInsertRowid);
  addEventTotals(db, id);
  return getEvent(db, id)!;
}

export function getEvent(db: Store, id: number): EventRecord | null {
  const row = statement(db, 'SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
  return row ? toEvent(row) : null;
}

export function findEventBySlug(db: Store, slug: string): EventRecord | null {
  const row = statement(db, 'SELECT * FROM events WHERE slug = ?').get(slug) as EventRow | undefined;
  return row ? toEvent(row) : null;
}

export function listEvents(db: Store): EventRecord[] {
  return (statement(db, 'SELECT * FROM events ORDER BY starts_at DESC').all() as EventRow[]).map(toEvent);
}

export interface EventChanges {
  name: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string | null;
  capacity: number | null;
  joinCode: string | null;
  registrationOpen: boolean;
  reportPublic: boolean;
}

/** How many days after the window work begun in it may still land (merges, pushes); 90 by default. */
export function setFollowUpDays(db: Store, id: number, days: number): void {
  statement(db, 'UPDATE events SET follow_up_days = ? WHERE id = ?').run(days, id);
}

export function updateEvent(db: Store, id: number, changes: EventChanges): void {
  statement(
    db,
    `UPDATE events SET name = @name, starts_at = @startsAt, ends_at = @endsAt, time_zone = @timeZone, venue = @venue,
      capacity = @capacity, join_code = @joinCode, registration_open = @registrationOpen, report_public = @reportPublic WHERE id = @id`,
  ).run({
    ...changes,
    registrationOpen: changes.registrationOpen ? 1 : 0,
    reportPublic: changes.reportPublic ? 1 : 0,
    id,
  });
}

/** How the event ranks its sprinters; logged, since it reorders a public page. */
export function setRanking(
  db: Store,
  eventId: number,
  ranking: { scoring: Scoring; rankLeaders: boolean },
  actor: string,
  now = new Date(),
): void {
  statement(db, 'UPDATE events SET scoring = ?, rank_leaders = ? WHERE id = ?').run(
    ranking.scoring,
    ranking.rankLeaders ? 1 : 0,
    eventId,
  );
  logEventAction(
    db,
    eventId,
    `ranking ${ranking.scoring}${ranking.rankLeaders ? '' : ', leaders not ranked'}`,
    actor,
    now,
  );
}

/**
 * Closes an event and freezes its report: the model given is kept whole and served from then on.
 * Returns false when the event was closed already.
 */
export function closeEvent(
  db: Store,
  eventId: number,
  frozenReport: unknown,
  actor: string,
  now = new Date(),
): boolean {
  if (
    statement(db, 'UPDATE events SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(now.toISOString(), eventId)
      .changes === 0
  )
    return false;
  statement(db, 'INSERT OR REPLACE INTO frozen_reports (event_id, report, frozen_at) VALUES (?, ?, ?)').run(
    eventId,
    JSON.stringify(frozenReport),
    now.toISOString(),
  );
  logEventAction(db, eventId, 'close', actor, now);
  return true;
}

/** Reopens a closed event: its report is live again. Returns false when it was open. */
export function reopenEvent(db: Store, eventId: number, actor: string, now = new Date()): boolean {
  if (
    statement(db, 'UPDATE events SET closed_at = NULL WHERE id = ? AND closed_at IS NOT NULL').run(eventId).changes ===
    0
  )
    return false;
  statement(db, 'DELETE FROM frozen_reports WHERE event_id = ?').run(eventId);
  logEventAction(db, eventId, 'reopen', actor, now);
  return true;
}

/** The report model frozen when the event was closed, or null while it is open. */
export function frozenReport(db: Store, eventId: number): unknown {
  const text = statement(db, 'SELECT report FROM frozen_reports WHERE event_id = ?').pluck().get(eventId) as
    string | undefined;
  return text === undefined ? null : JSON.parse(text);
}

export interface EventLogEntry {
  action: string;
  actor: string;
  at: string;
}

export function logEventAction(db: Store, eventId: number, action: string, actor: string, now: Date): void {
  statement(db, 'INSERT INTO event_log (event_id, action, actor, at) VALUES (?, ?, ?, ?)').run(
    eventId,
    action,
    actor,
    now.toISOString(),
  );
}

export function eventLog(db: Store, eventId: number): EventLogEntry[] {
  return statement(db, 'SELECT action, actor, at FROM event_log WHERE event_id = ? ORDER BY at, id').all(
    eventId,
  ) as EventLogEntry[];
}
