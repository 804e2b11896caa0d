-- Work of an event's sprinters that a search by author found in repositories nobody registered for the
-- event. It counts for nothing, so it is kept apart from contributions: the sprinter's own page says why
-- it does not count, and the organizers see which repositories their sprinters went to.
CREATE TABLE unregistered_work (
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  repo        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  created_at  TEXT,
  seen_at     TEXT NOT NULL,
  PRIMARY KEY (event_id, url)
) WITHOUT ROWID;
CREATE INDEX unregistered_work_by_sprinter ON unregistered_work (sprinter_id, event_id);

-- The search by author that finds it runs on its own clock when the event is searched by repository.
CREATE TABLE poll_state_new (
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  source            TEXT NOT NULL CHECK (source IN ('github', 'pagure', 'github-reviews', 'follow-up', 'github-authors')),
  last_completed_at TEXT NOT NULL,
  PRIMARY KEY (event_id, source)
);
INSERT INTO poll_state_new SELECT event_id, source, last_completed_at FROM poll_state;
DROP TABLE poll_state;
ALTER TABLE poll_state_new RENAME TO poll_state;
