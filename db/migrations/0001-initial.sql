-- The tracker's data model. Times are ISO 8601 instants in UTC (text sorts chronologically);
-- each event keeps the IANA time zone its pages are shown in.

CREATE TABLE events (
  id                INTEGER PRIMARY KEY,
  slug              TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  starts_at         TEXT NOT NULL,
  ends_at           TEXT NOT NULL,
  time_zone         TEXT NOT NULL DEFAULT 'UTC',
  venue             TEXT,
  capacity          INTEGER,
  registration_open INTEGER NOT NULL DEFAULT 1,
  report_public     INTEGER NOT NULL DEFAULT 1,
  follow_up_days    INTEGER NOT NULL DEFAULT 90,
  created_at        TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);

CREATE TABLE projects (
  id              INTEGER PRIMARY KEY,
  event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  forge           TEXT NOT NULL CHECK (forge IN ('github', 'pagure')),
  full_name       TEXT NOT NULL,
  url             TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  pagure_base_url TEXT,
  webhook_key     TEXT,
  installation_id INTEGER,
  created_at      TEXT NOT NULL,
  UNIQUE (event_id, forge, full_name)
);
-- Ingest looks projects up by forge and name across all events.
CREATE INDEX projects_by_name ON projects (forge, full_name COLLATE NOCASE);

CREATE TABLE project_leaders (
  project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  github_login TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (project_id, github_login)
);

CREATE TABLE sprinters (
  id              INTEGER PRIMARY KEY,
  display_name    TEXT NOT NULL,
  github_login    TEXT COLLATE NOCASE UNIQUE,
  github_id       INTEGER UNIQUE,
  pagure_username TEXT COLLATE NOCASE UNIQUE,
  hidden          INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL
);

CREATE TABLE sprinter_emails (
  email       TEXT PRIMARY KEY COLLATE NOCASE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE
);
CREATE INDEX sprinter_emails_by_sprinter ON sprinter_emails (sprinter_id);

CREATE TABLE memberships (
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  joined_at   TEXT NOT NULL,
  PRIMARY KEY (event_id, sprinter_id)
);
CREATE INDEX memberships_by_sprinter ON memberships (sprinter_id);

-- One row per pull request, commit or non-code outcome per registered project. Identity fields of
-- the author are kept even when nobody is credited yet, so a late joiner's work can be attributed.
CREATE TABLE contributions (
  id                INTEGER PRIMARY KEY,
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id        INTEGER REFERENCES projects(id) ON DELETE CASCADE,
  topic             TEXT,
  forge             TEXT NOT NULL CHECK (forge IN ('github', 'pagure', 'other')),
  kind              TEXT NOT NULL CHECK (kind IN ('pull_request', 'commit', 'other')),
  key               TEXT NOT NULL,
  url               TEXT NOT NULL DEFAULT '',
  title             TEXT NOT NULL DEFAULT '',
  author_login      TEXT COLLATE NOCASE,
  author_id         INTEGER,
  author_email      TEXT COLLATE NOCASE,
  author_name       TEXT,
  co_author_emails  TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed', 'unknown')),
  created_at        TEXT NOT NULL,
  merged_at         TEXT,
  closed_at         TEXT,
  landed_at         TEXT,
  first_time        INTEGER NOT NULL DEFAULT 0,
  head_sha          TEXT,
  merge_commit_sha  TEXT,
  merges_prs        TEXT NOT NULL DEFAULT '',
  source            TEXT NOT NULL,
  source_updated_at TEXT,
  excluded          INTEGER NOT NULL DEFAULT 0,
  excluded_reason   TEXT,
  excluded_by       TEXT CHECK (excluded_by IN ('rule', 'moderator')),
  -- Derived and kept in step by the recording service: not excluded and credited (or imported).
  counted           INTEGER NOT NULL DEFAULT 0,
  updated_at        TEXT NOT NULL,
  CHECK ((project_id IS NULL) = (kind = 'other'))
);
CREATE UNIQUE INDEX contributions_identity ON contributions (event_id, IFNULL(project_id, 0), kind, key);
CREATE INDEX contributions_by_project ON contributions (project_id, counted);
CREATE INDEX contributions_by_event_recent ON contributions (event_id, counted, updated_at);
CREATE INDEX contributions_by_author_login ON contributions (event_id, author_login) WHERE author_login IS NOT NULL;
CREATE INDEX contributions_by_author_email ON contributions (event_id, author_email) WHERE author_email IS NOT NULL;
CREATE INDEX contributions_by_sha ON contributions (project_id, merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;

-- Who is credited for a contribution: its author, and co-authors named in commit trailers.
CREATE TABLE credits (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('author', 'co-author')),
  PRIMARY KEY (contribution_id, sprinter_id)
);
CREATE INDEX credits_by_sprinter ON credits (sprinter_id);

-- Aggregates kept in the same transaction as the contributions, so the leaderboard is an index
-- read rather than a GROUP BY over every contribution.
CREATE TABLE sprinter_stats (
  event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sprinter_id   INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  merged        INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  others        INTEGER NOT NULL DEFAULT 0,
  first_time    INTEGER NOT NULL DEFAULT 0,
  last_at       TEXT,
  PRIMARY KEY (event_id, sprinter_id)
);
CREATE INDEX sprinter_stats_ranking ON sprinter_stats (event_id, merged DESC, pull_requests DESC, commits DESC);

CREATE TABLE project_sprinter_stats (
  project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  sprinter_id   INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  merged        INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  first_time    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, sprinter_id)
);
CREATE INDEX project_sprinter_stats_ranking ON project_sprinter_stats (project_id, merged DESC, pull_requests DESC, commits DESC);

CREATE TABLE project_stats (
  project_id    INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  contributions INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  merged        INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  contributors  INTEGER NOT NULL DEFAULT 0
);

-- Every webhook delivery acted on, keyed by the forge's delivery id: redeliveries keep their id,
-- so a second arrival is recognised and changes nothing.
CREATE TABLE deliveries (
  delivery_id TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  event       TEXT NOT NULL,
  action      TEXT,
  received_at TEXT NOT NULL,
  outcome     TEXT NOT NULL
);
CREATE INDEX deliveries_by_time ON deliveries (received_at);

-- Which repositories have the GitHub App installed (from installation events), whether or not registered yet.
CREATE TABLE installations (
  repo_full_name  TEXT PRIMARY KEY COLLATE NOCASE,
  installation_id INTEGER NOT NULL,
  account_login   TEXT,
  updated_at      TEXT NOT NULL
);
