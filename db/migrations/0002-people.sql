-- People on the web: sign-in sessions, organizers, ticket holders, the waiting list and project pitches.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Server-side sessions: the cookie carries only a signed random id. No GitHub token is stored.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  github_id    INTEGER NOT NULL,
  github_login TEXT NOT NULL,
  github_name  TEXT,
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Organizers added by another organizer (those in the ORGANIZERS setting need no row).
CREATE TABLE organizers (
  github_login TEXT PRIMARY KEY COLLATE NOCASE,
  added_by     TEXT NOT NULL,
  added_at     TEXT NOT NULL
);

-- People holding a ticket for the sprint, imported from the ticketing system's CSV, so they are
-- recognised when they sign in (their name and e-mail are offered, and they skip the waiting list).
CREATE TABLE ticket_holders (
  event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  email        TEXT NOT NULL COLLATE NOCASE,
  name         TEXT NOT NULL,
  github_login TEXT COLLATE NOCASE,
  PRIMARY KEY (event_id, email)
);
CREATE INDEX ticket_holders_by_login ON ticket_holders (event_id, github_login) WHERE github_login IS NOT NULL;

ALTER TABLE events ADD COLUMN join_code TEXT;

-- 'joined' members are the event's sprinters; 'waiting' ones queue for a place, in joined_at order.
ALTER TABLE memberships ADD COLUMN status TEXT NOT NULL DEFAULT 'joined' CHECK (status IN ('joined', 'waiting'));
CREATE INDEX memberships_waiting ON memberships (event_id, status, joined_at);

ALTER TABLE projects ADD COLUMN mentors TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN contributing_url TEXT;
ALTER TABLE projects ADD COLUMN starter_label TEXT;
ALTER TABLE projects ADD COLUMN registered_by TEXT;
