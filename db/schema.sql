-- baseline: after migration 0027
-- Written by `npm run db:baseline` from a database the migrations made; never edited by hand.
-- A fresh database is created from this file; an existing one is upgraded by the migrations.

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
  created_at        TEXT NOT NULL, join_code TEXT, closed_at TEXT, claim_hours INTEGER NOT NULL DEFAULT 3 CHECK (claim_hours BETWEEN 1 AND 72), max_claims INTEGER NOT NULL DEFAULT 2 CHECK (max_claims BETWEEN 1 AND 20), tasks_changed_at TEXT, scoring TEXT NOT NULL DEFAULT 'ranked' CHECK (scoring IN ('ranked', 'points')), rank_leaders INTEGER NOT NULL DEFAULT 1 CHECK (rank_leaders IN (0, 1)),
  CHECK (ends_at > starts_at)
);

CREATE TABLE project_leaders (
  project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  github_login TEXT NOT NULL COLLATE NOCASE, proof TEXT NOT NULL DEFAULT 'operator',
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
, follow_up_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_opt_out IN (0, 1)), pagure_proof TEXT);

CREATE TABLE sprinter_emails (
  email       TEXT PRIMARY KEY COLLATE NOCASE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE
, proof TEXT);

CREATE TABLE memberships (
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  joined_at   TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'joined' CHECK (status IN ('joined', 'waiting')),
  PRIMARY KEY (event_id, sprinter_id)
);

CREATE TABLE credits (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('author', 'co-author')),
  PRIMARY KEY (contribution_id, sprinter_id)
);

CREATE TABLE sprinter_stats (
  event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  sprinter_id   INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  merged        INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  others        INTEGER NOT NULL DEFAULT 0,
  first_time    INTEGER NOT NULL DEFAULT 0,
  last_at       TEXT, issues INTEGER NOT NULL DEFAULT 0, reviews INTEGER NOT NULL DEFAULT 0, points INTEGER GENERATED ALWAYS AS
  (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) VIRTUAL,
  PRIMARY KEY (event_id, sprinter_id)
);

CREATE TABLE project_sprinter_stats (
  project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  sprinter_id   INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  merged        INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  first_time    INTEGER NOT NULL DEFAULT 0, issues INTEGER NOT NULL DEFAULT 0, reviews INTEGER NOT NULL DEFAULT 0, points INTEGER GENERATED ALWAYS AS
  (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) VIRTUAL,
  PRIMARY KEY (project_id, sprinter_id)
);

CREATE TABLE project_stats (
  project_id    INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  contributions INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  merged        INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  contributors  INTEGER NOT NULL DEFAULT 0
, state_unknown INTEGER NOT NULL DEFAULT 0, unnamed INTEGER NOT NULL DEFAULT 0, issues INTEGER NOT NULL DEFAULT 0, reviews INTEGER NOT NULL DEFAULT 0);

CREATE TABLE installations (
  repo_full_name  TEXT PRIMARY KEY COLLATE NOCASE,
  installation_id INTEGER NOT NULL,
  account_login   TEXT,
  updated_at      TEXT NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organizers (
  github_login TEXT PRIMARY KEY COLLATE NOCASE,
  added_by     TEXT NOT NULL,
  added_at     TEXT NOT NULL
);

CREATE TABLE ticket_holders (
  event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  email        TEXT NOT NULL COLLATE NOCASE,
  name         TEXT NOT NULL,
  github_login TEXT COLLATE NOCASE, github_id INTEGER,
  PRIMARY KEY (event_id, email)
);

CREATE TABLE bot_settings (
  project_id       INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  enabled          INTEGER NOT NULL DEFAULT 0,
  label            INTEGER NOT NULL DEFAULT 1,
  welcome          INTEGER NOT NULL DEFAULT 1,
  welcome_template TEXT,
  join_nudge       INTEGER NOT NULL DEFAULT 1
, task_comments INTEGER NOT NULL DEFAULT 1);

CREATE TABLE bot_actions (
  key        TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE manual_credits (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  credited_by     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (contribution_id, sprinter_id)
);

CREATE TABLE commit_pull_requests (
  project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  pr_number       TEXT NOT NULL,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, pr_number, contribution_id)
);

CREATE TABLE event_stats (
  event_id      INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  contributors  INTEGER NOT NULL DEFAULT 0,
  first_timers  INTEGER NOT NULL DEFAULT 0,
  pull_requests INTEGER NOT NULL DEFAULT 0,
  merged        INTEGER NOT NULL DEFAULT 0,
  commits       INTEGER NOT NULL DEFAULT 0,
  others        INTEGER NOT NULL DEFAULT 0
, sprinters INTEGER NOT NULL DEFAULT 0, state_unknown INTEGER NOT NULL DEFAULT 0, unnamed INTEGER NOT NULL DEFAULT 0, issues INTEGER NOT NULL DEFAULT 0, reviews INTEGER NOT NULL DEFAULT 0);

CREATE TABLE "deliveries" (
  delivery_id TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  event       TEXT NOT NULL,
  action      TEXT,
  received_at TEXT NOT NULL,
  outcome     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE contribution_co_authors (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  email           TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (contribution_id, email)
) WITHOUT ROWID;

CREATE TABLE frozen_reports (
  event_id  INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  report    TEXT NOT NULL,
  frozen_at TEXT NOT NULL
);

CREATE TABLE event_log (
  id       INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  action   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  github_id    INTEGER NOT NULL,
  github_login TEXT NOT NULL,
  github_name  TEXT,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE github_logins (
  login     TEXT PRIMARY KEY COLLATE NOCASE,
  github_id INTEGER NOT NULL,
  bound_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tasks (
  id          INTEGER PRIMARY KEY,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description TEXT NOT NULL DEFAULT '',
  level       TEXT NOT NULL DEFAULT 'first-task' CHECK (level IN ('first-task', 'intermediate', 'advanced')),
  -- The canonical issue URL (https://github.com/o/r/issues/12, https://pagure.io/p/issue/12), if any.
  issue_url   TEXT,
  capacity    INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  -- Closed by a leader, or because its issue was closed upstream.
  closed_at   TEXT,
  closed_by   TEXT
);

CREATE TABLE task_claims (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  claimed_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  released_at TEXT,
  released_by TEXT
);

CREATE TABLE task_links (
  task_id         INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  linked_at       TEXT NOT NULL,
  PRIMARY KEY (task_id, contribution_id)
) WITHOUT ROWID;

CREATE TABLE task_labels (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  label      TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  added_by   TEXT NOT NULL,
  added_at   TEXT NOT NULL,
  PRIMARY KEY (project_id, label)
) WITHOUT ROWID;

CREATE TABLE task_comments (
  task_id    INTEGER PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  comment_id INTEGER NOT NULL,
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE follow_up_pulls (
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  repo        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed')),
  seen_at     TEXT NOT NULL,
  PRIMARY KEY (sprinter_id, url)
);

CREATE TABLE forge_accounts (
  sprinter_id  INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  forge        TEXT NOT NULL CHECK (forge IN ('gitlab', 'forgejo')),
  instance_url TEXT NOT NULL,
  username     TEXT NOT NULL COLLATE NOCASE,
  user_id      INTEGER,
  verified_by  TEXT,
  PRIMARY KEY (forge, instance_url, username)
);

CREATE TABLE "projects" (
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

CREATE TABLE "contributions" (
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
  first_time_by     TEXT CHECK (first_time_by IN ('association', 'search')), author_is_bot INTEGER NOT NULL DEFAULT 0, on_default_branch INTEGER NOT NULL DEFAULT 1, review_of_author_id INTEGER, review_of_author_login TEXT,
  CHECK ((project_id IS NULL) = (kind = 'other'))
);

CREATE TABLE github_verified_emails (
  github_id INTEGER NOT NULL,
  email     TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (github_id, email)
);

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

CREATE TABLE "poll_state" (
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  source            TEXT NOT NULL CHECK (source IN ('github', 'pagure', 'github-reviews', 'follow-up', 'github-authors')),
  last_completed_at TEXT NOT NULL,
  PRIMARY KEY (event_id, source)
);

CREATE INDEX sprinter_emails_by_sprinter ON sprinter_emails (sprinter_id);

CREATE INDEX memberships_by_sprinter ON memberships (sprinter_id);

CREATE INDEX credits_by_sprinter ON credits (sprinter_id);

CREATE INDEX sprinter_stats_ranking ON sprinter_stats (event_id, merged DESC, pull_requests DESC, commits DESC);

CREATE INDEX project_sprinter_stats_ranking ON project_sprinter_stats (project_id, merged DESC, pull_requests DESC, commits DESC);

CREATE INDEX ticket_holders_by_login ON ticket_holders (event_id, github_login) WHERE github_login IS NOT NULL;

CREATE INDEX memberships_waiting ON memberships (event_id, status, joined_at);

CREATE INDEX commit_pull_requests_by_commit ON commit_pull_requests (contribution_id);

CREATE INDEX contribution_co_authors_by_email ON contribution_co_authors (email);

CREATE INDEX event_log_by_event ON event_log (event_id, at);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE INDEX github_logins_by_id ON github_logins (github_id);

CREATE INDEX tasks_by_event ON tasks (event_id, project_id);

CREATE UNIQUE INDEX tasks_by_issue ON tasks (event_id, issue_url COLLATE NOCASE) WHERE issue_url IS NOT NULL;

CREATE UNIQUE INDEX task_claims_held ON task_claims (task_id, sprinter_id) WHERE released_at IS NULL;

CREATE INDEX task_claims_by_sprinter ON task_claims (sprinter_id) WHERE released_at IS NULL;

CREATE INDEX task_links_by_contribution ON task_links (contribution_id);

CREATE INDEX sprinter_stats_by_sprinter ON sprinter_stats (sprinter_id);

CREATE UNIQUE INDEX forge_accounts_by_user_id ON forge_accounts (forge, instance_url, user_id) WHERE user_id IS NOT NULL;

CREATE INDEX forge_accounts_by_sprinter ON forge_accounts (sprinter_id);

CREATE INDEX projects_by_name ON projects (forge, full_name COLLATE NOCASE);

CREATE INDEX projects_by_previous_name ON projects (previous_forge, previous_full_name COLLATE NOCASE) WHERE previous_forge IS NOT NULL;

CREATE UNIQUE INDEX contributions_identity ON contributions (event_id, IFNULL(project_id, 0), kind, key);

CREATE INDEX contributions_by_event_recent ON contributions (event_id, counted, updated_at);

CREATE INDEX contributions_by_author_login ON contributions (event_id, author_login) WHERE author_login IS NOT NULL;

CREATE INDEX contributions_by_author_email ON contributions (event_id, author_email) WHERE author_email IS NOT NULL;

CREATE INDEX contributions_by_sha ON contributions (project_id, merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;

CREATE INDEX contributions_by_head_sha ON contributions (project_id, head_sha) WHERE head_sha IS NOT NULL;

CREATE INDEX sprinter_stats_points ON sprinter_stats (event_id, points DESC, merged DESC, pull_requests DESC, commits DESC);

CREATE INDEX project_sprinter_stats_points ON project_sprinter_stats (project_id, points DESC, merged DESC, pull_requests DESC, commits DESC);

CREATE INDEX github_verified_emails_by_email ON github_verified_emails (email);

CREATE INDEX contributions_counted_reviews ON contributions (event_id, project_id, key)
  WHERE kind = 'review' AND counted = 1;

CREATE INDEX unregistered_work_by_sprinter ON unregistered_work (sprinter_id, event_id);
