-- The bot on GitHub: opt-in per project, quiet by default.
CREATE TABLE bot_settings (
  project_id       INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  enabled          INTEGER NOT NULL DEFAULT 0,
  label            INTEGER NOT NULL DEFAULT 1,
  welcome          INTEGER NOT NULL DEFAULT 1,
  welcome_template TEXT,
  join_nudge       INTEGER NOT NULL DEFAULT 1
);

-- Things the bot said or did once and must never repeat (a welcome per pull request, a nudge per
-- person per event, a label created per repository): claimed before acting, released if GitHub fails.
CREATE TABLE bot_actions (
  key        TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

-- Credit a leader gave by hand (`/sprint credit @login`): kept apart from the credits derived from
-- identities, which are recomputed on every delivery.
CREATE TABLE manual_credits (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  sprinter_id     INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  credited_by     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (contribution_id, sprinter_id)
);
