-- foreign keys off: projects and contributions are rebuilt, the last time only to change a CHECK.
-- The lists of forges and kinds are checked in code (zod at every edge, and each forge's adapter), so adding
-- a forge or a kind no longer rebuilds the largest table. The points ranking becomes a column of the
-- counters, computed by SQLite from the one formula written below, which the leaderboard reads and orders
-- by (src/domain/scoring.ts only puts it into words).
CREATE TABLE projects_rebuilt (
  id                    INTEGER PRIMARY KEY,
  event_id              INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  forge                 TEXT NOT NULL,
  full_name             TEXT NOT NULL,
  url                   TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',
  instance_url          TEXT,
  webhook_key           TEXT,
  created_at            TEXT NOT NULL,
  mentors               TEXT NOT NULL DEFAULT '',
  contributing_url      TEXT,
  starter_label         TEXT,
  registered_by         TEXT,
  default_branch        TEXT,
  report_position       INTEGER CHECK (report_position > 0),
  previous_forge        TEXT,
  previous_full_name    TEXT,
  previous_url          TEXT,
  previous_instance_url TEXT,
  CHECK ((previous_forge IS NULL) = (previous_full_name IS NULL) AND (previous_forge IS NULL) = (previous_url IS NULL)),
  UNIQUE (event_id, forge, full_name)
);
INSERT INTO projects_rebuilt (id, event_id, forge, full_name, url, description, instance_url, webhook_key, created_at, mentors, contributing_url, starter_label, registered_by, default_branch, report_position, previous_forge, previous_full_name, previous_url, previous_instance_url)
  SELECT id, event_id, forge, full_name, url, description, instance_url, webhook_key, created_at, mentors, contributing_url, starter_label, registered_by, default_branch, report_position, previous_forge, previous_full_name, previous_url, previous_instance_url FROM projects;
DROP TABLE projects;
ALTER TABLE projects_rebuilt RENAME TO projects;
CREATE INDEX projects_by_name ON projects (forge, full_name COLLATE NOCASE);
CREATE INDEX projects_by_previous_name ON projects (previous_forge, previous_full_name COLLATE NOCASE) WHERE previous_forge IS NOT NULL;

CREATE TABLE contributions_rebuilt (
  id                INTEGER PRIMARY KEY,
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id        INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  topic             TEXT,
  forge             TEXT NOT NULL,
  kind              TEXT NOT NULL,
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
  first_time_by     TEXT CHECK (first_time_by IN ('association', 'search')),
  CHECK ((project_id IS NULL) = (kind = 'other'))
);
INSERT INTO contributions_rebuilt (id, event_id, project_id, topic, forge, kind, key, url, title, author_login, author_id, author_email, author_name, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha, merge_commit_sha, source, source_updated_at, counted, updated_at, reason, moderation, timed, first_time_by)
  SELECT id, event_id, project_id, topic, forge, kind, key, url, title, author_login, author_id, author_email, author_name, state, created_at, merged_at, closed_at, landed_at, first_time, head_sha, merge_commit_sha, source, source_updated_at, counted, updated_at, reason, moderation, timed, first_time_by FROM contributions;
DROP TABLE contributions;
ALTER TABLE contributions_rebuilt RENAME TO contributions;
CREATE UNIQUE INDEX contributions_identity ON contributions (event_id, IFNULL(project_id, 0), kind, key);
CREATE INDEX contributions_by_event_recent ON contributions (event_id, counted, updated_at);
CREATE INDEX contributions_by_author_login ON contributions (event_id, author_login) WHERE author_login IS NOT NULL;
CREATE INDEX contributions_by_author_email ON contributions (event_id, author_email) WHERE author_email IS NOT NULL;
CREATE INDEX contributions_by_sha ON contributions (project_id, merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;
CREATE INDEX contributions_by_head_sha ON contributions (project_id, head_sha) WHERE head_sha IS NOT NULL;

-- Points: 4 for each merged pull request, 2 for each other pull request, 2 for each review, 1 for each
-- commit and 1 for each issue.
DROP INDEX sprinter_stats_points;
DROP INDEX project_sprinter_stats_points;
ALTER TABLE sprinter_stats ADD COLUMN points INTEGER GENERATED ALWAYS AS
  (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) VIRTUAL;
ALTER TABLE project_sprinter_stats ADD COLUMN points INTEGER GENERATED ALWAYS AS
  (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) VIRTUAL;
CREATE INDEX sprinter_stats_points ON sprinter_stats (event_id, points DESC, merged DESC, pull_requests DESC, commits DESC);
CREATE INDEX project_sprinter_stats_points ON project_sprinter_stats (project_id, points DESC, merged DESC, pull_requests DESC, commits DESC);
