-- Sessions are found by a hash of their id, and their CSRF token is derived from the id, so a copy of the
-- database (a backup, a stolen file) holds nothing a browser could present. The ids stored so far were the
-- secrets themselves and cannot be turned into hashes here: those sessions end, and people sign in again.
DROP TABLE sessions;
CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  github_id    INTEGER NOT NULL,
  github_login TEXT NOT NULL,
  github_name  TEXT,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
