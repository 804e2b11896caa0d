-- An imported row whose list gave no time has none: `timed = 0`, and `created_at` is only where it sorts
-- (the event's start). Charts leave such rows out and the report says they have no time, instead of
-- showing them all in the event's first hour. Imported rows stored before at exactly the event's start
-- were given that time for want of one.
ALTER TABLE contributions ADD COLUMN timed INTEGER NOT NULL DEFAULT 1;
UPDATE contributions SET timed = 0
  WHERE source = 'import' AND created_at = (SELECT starts_at FROM events e WHERE e.id = contributions.event_id);
