-- The sprint table that replaces the etherpad: what leaders list as work to take, who holds each piece,
-- and the pull requests linked to it as they happen.
ALTER TABLE events ADD COLUMN claim_hours INTEGER NOT NULL DEFAULT 3 CHECK (claim_hours BETWEEN 1 AND 72);
ALTER TABLE events ADD COLUMN max_claims INTEGER NOT NULL DEFAULT 2 CHECK (max_claims BETWEEN 1 AND 20);
-- When the event's task table last changed: what tells open pages (and the server, of a CLI's claim) to refresh.
ALTER TABLE events ADD COLUMN tasks_changed_at TEXT;

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
CREATE INDEX tasks_by_event ON tasks (event_id, project_id);
CREATE UNIQUE INDEX tasks_by_issue ON tasks (event_id, issue_url COLLATE NOCASE) WHERE issue_url IS NOT NULL;

-- A claim is held until released, or until it expires with no pull request linked (read at the time asked).
CREATE TABLE task_claims (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  claimed_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  released_at TEXT,
  released_by TEXT
);
CREATE UNIQUE INDEX task_claims_held ON task_claims (task_id, sprinter_id) WHERE released_at IS NULL;
CREATE INDEX task_claims_by_sprinter ON task_claims (sprinter_id) WHERE released_at IS NULL;

-- Pull requests attached to a task: by their reference to its issue, or linked by the claimant.
CREATE TABLE task_links (
  task_id         INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  linked_at       TEXT NOT NULL,
  PRIMARY KEY (task_id, contribution_id)
) WITHOUT ROWID;
CREATE INDEX task_links_by_contribution ON task_links (contribution_id);

-- Labels a leader imports tasks from (open issues carrying them), kept so the scheduler picks up new ones.
CREATE TABLE task_labels (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  label      TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  added_by   TEXT NOT NULL,
  added_at   TEXT NOT NULL,
  PRIMARY KEY (project_id, label)
) WITHOUT ROWID;

-- The bot's one comment on a task's GitHub issue, edited (never repeated) as claims move or end; a
-- project's leaders turn it off with the bot's other switches.
ALTER TABLE bot_settings ADD COLUMN task_comments INTEGER NOT NULL DEFAULT 1;
CREATE TABLE task_comments (
  task_id    INTEGER PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  comment_id INTEGER NOT NULL,
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
