-- foreign keys off: contributions is rebuilt, since SQLite changes a CHECK only that way.
-- Issues opened at the sprint become contributions of their own kind (`issue`), and reviews will
-- (`review`); each is counted apart from pull requests and commits, so the ranking stays as it was.
CREATE TABLE contributions_rebuilt (
  id                INTEGER PRIMARY KEY,
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id        INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  topic             TEXT,
  forge             TEXT NOT NULL CHECK (forge IN ('github', 'pagure', 'other')),
  kind              TEXT NOT NULL CHECK (kind IN ('pull_request', 'commit', 'issue', 'review', 'other')),
  key               TEXT NOT NULL,
  url               TEXT NOT NULL DEFAULT '',
  title             TEXT NOT NULL DEFAULT '',
  author_login      TEXT COLLATE NOCASE,
  author_id         INTEGER,
  author_email      TEXT COLLATE NOCASE,
  author_name       TEXT,
  state             TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed', 'unknown')),
  created_at        TEXT NOT NULL,
  merged_at         TEXT,
  closed_at         TEXT,
  landed_at         TEXT,
  first_time        INTEGER NOT NULL DEFAULT 0,
  head_sha          TEXT,
  merge_commit_sha  TEXT,
  source            TEXT NOT NULL,
  source_updated_at TEXT,
  counted           INTEGER NOT NULL DEFAULT 0,
  updated_at        TEXT NOT NULL,
  reason            TEXT NOT NULL DEFAULT 'eligible',
  moderation        TEXT,
  timed             INTEGER NOT NULL DEFAULT 1,
  CHECK ((project_id IS NULL) = (kind = 'other'))
);
INSERT INTO contributions_rebuilt (id, event_id, project_id, topic, forge, kind, key, url, title, author_login, author_id, author_email,
    author_name, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha, merge_commit_sha, source, source_updated_at,
    counted, updated_at, reason, moderation, timed)
  SELECT id, event_id, project_id, topic, forge, kind, key, url, title, author_login, author_id, author_email,
    author_name, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha, merge_commit_sha, source, source_updated_at,
    counted, updated_at, reason, moderation, timed FROM contributions;
DROP TABLE contributions;
ALTER TABLE contributions_rebuilt RENAME TO contributions;
CREATE UNIQUE INDEX contributions_identity ON contributions (event_id, IFNULL(project_id, 0), kind, key);
CREATE INDEX contributions_by_event_recent ON contributions (event_id, counted, updated_at);
CREATE INDEX contributions_by_author_login ON contributions (event_id, author_login) WHERE author_login IS NOT NULL;
CREATE INDEX contributions_by_author_email ON contributions (event_id, author_email) WHERE author_email IS NOT NULL;
CREATE INDEX contributions_by_sha ON contributions (project_id, merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;
CREATE INDEX contributions_by_head_sha ON contributions (project_id, head_sha) WHERE head_sha IS NOT NULL;

-- Issues counted apart (no issue was stored before this migration, so the counts start at zero).
ALTER TABLE sprinter_stats ADD COLUMN issues INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_sprinter_stats ADD COLUMN issues INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_stats ADD COLUMN issues INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_stats ADD COLUMN issues INTEGER NOT NULL DEFAULT 0;
