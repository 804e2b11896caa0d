-- Where each event's polling got to, so a round asks the forge only for what changed since the last
-- complete one (GitHub search `updated:>=`), and a failed round is retried from the same point.
CREATE TABLE poll_state (
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  source            TEXT NOT NULL CHECK (source IN ('github', 'pagure')),
  last_completed_at TEXT NOT NULL,
  PRIMARY KEY (event_id, source)
);
