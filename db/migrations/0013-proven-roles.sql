-- Roles are proven, and they follow the GitHub account, not the login.
--
-- github_logins: which GitHub account (its numeric id) first signed in with a login. A role named by
-- login (the ORGANIZERS setting, an organizer added by login, a leader added from the CLI) belongs to that
-- account: renamed, it keeps the role; a new account that takes the old login later does not get it.
-- Until a login is bound, its roles go to whoever bears it now (as a sign-in or a signed delivery says).
CREATE TABLE github_logins (
  login     TEXT PRIMARY KEY COLLATE NOCASE,
  github_id INTEGER NOT NULL,
  bound_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX github_logins_by_id ON github_logins (github_id);
INSERT OR IGNORE INTO github_logins (login, github_id, bound_at)
  SELECT github_login, github_id, MIN(created_at) FROM sessions GROUP BY github_login COLLATE NOCASE;
INSERT OR IGNORE INTO github_logins (login, github_id, bound_at)
  SELECT github_login, github_id, created_at FROM sprinters WHERE github_login IS NOT NULL AND github_id IS NOT NULL;

-- How each leader was proven: `operator` (added from the CLI or by an organizer), `github:<permission>`
-- (GitHub said so), `organizer:<login>` (an organizer approved the registration), or `claimed`: a
-- registration from the web that nothing has proven yet. A claimed project is tracked, but its
-- registrant has no leader powers until GitHub or an organizer says so.
ALTER TABLE project_leaders ADD COLUMN proof TEXT NOT NULL DEFAULT 'operator';
-- Registrations from the web before this release were claims nobody checked: they wait for an organizer
-- (those made by an organizer stored in the database stay as they are).
UPDATE project_leaders SET proof = 'claimed'
  WHERE github_login = (SELECT registered_by FROM projects p WHERE p.id = project_leaders.project_id)
    AND github_login NOT IN (SELECT github_login FROM organizers);
-- A bot turned on or given a template by such a claim speaks for nobody: it is off, with the default
-- template, until a proven leader or an organizer turns it on again.
UPDATE bot_settings SET enabled = 0, welcome_template = NULL
  WHERE project_id NOT IN (SELECT project_id FROM project_leaders WHERE proof <> 'claimed');
