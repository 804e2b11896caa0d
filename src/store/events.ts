import type { Store } from './store.js';
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
  };
}

export function createEvent(db: Store, input: NewEvent, now = new Date()): EventRecord {
  const info = statement(db, 
      `INSERT INTO events (slug, name, starts_at, ends_at, time_zone, venue, capacity, created_at)
       VALUES (@slug, @name, @startsAt, @endsAt, @timeZone, @venue, @capacity, @createdAt)`,
    )
    .run({ venue: null, capacity: null, ...input, createdAt: now.toISOString() });
  return getEvent(db, Number(info.lastInsertRowid))!;
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

export function updateEvent(db: Store, id: number, changes: EventChanges): void {
  statement(db, `UPDATE events SET name = @name, starts_at = @startsAt, ends_at = @endsAt, time_zone = @timeZone, venue = @venue,
      capacity = @capacity, join_code = @joinCode, registration_open = @registrationOpen, report_public = @reportPublic WHERE id = @id`)
    .run({ ...changes, registrationOpen: changes.registrationOpen ? 1 : 0, reportPublic: changes.reportPublic ? 1 : 0, id });
}
