-- Per-event headline numbers, kept by the same deltas as the other aggregates, so the event page and
-- the report's totals do not count aggregate rows (100,000 of them at Hacktoberfest scale).
CREATE TABLE event_stats (
  event_id      INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  contributors  INTEGER NOT NULL DEFAULT 0,
  first_timers  INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  merged        INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  others        INTEGER NOT NULL DEFAULT 0
);
-- Events that exist when this migration runs start from their current aggregates.
INSERT INTO event_stats (event_id, contributors, first_timers, pull_requests, merged, commits, others)
  SELECT e.id,
    (SELECT count(*) FROM sprinter_stats WHERE event_id = e.id),
    (SELECT count(*) FROM sprinter_stats WHERE event_id = e.id AND first_time > 0),
    (SELECT IFNULL(sum(s.pull_requests), 0) FROM project_stats s JOIN projects p ON p.id = s.project_id WHERE p.event_id = e.id),
    (SELECT IFNULL(sum(s.merged), 0) FROM project_stats s JOIN projects p ON p.id = s.project_id WHERE p.event_id = e.id),
    (SELECT IFNULL(sum(s.commits), 0) FROM project_stats s JOIN projects p ON p.id = s.project_id WHERE p.event_id = e.id),
    (SELECT count(*) FROM contributions WHERE project_id IS NULL AND counted = 1 AND event_id = e.id)
  FROM events e;
