-- One fact in one place, before reviews, issues, tasks and other forges add to the schema.
--
-- contributions: `reason` says why a contribution counts for its event or not, as the rules and the
-- identities it names decide (eligible, imported, outside-window, bot, not-default-branch,
-- part-of-pull-request, not-a-sprinter); `moderation` holds a leader's or organizer's reason for leaving it
-- out, which outlasts every later delivery. `counted` is their yes/no (no moderation and a counting reason),
-- kept as a column so indexes can lead with it. They replace excluded / excluded_reason / excluded_by.
ALTER TABLE contributions ADD COLUMN reason TEXT NOT NULL DEFAULT 'eligible';
ALTER TABLE contributions ADD COLUMN moderation TEXT;
UPDATE contributions SET
  moderation = CASE WHEN excluded_by = 'moderator' THEN IFNULL(excluded_reason, 'excluded by a moderator') END,
  reason = CASE
    WHEN excluded_by = 'rule' THEN excluded_reason
    WHEN source IN ('import', 'manual') THEN 'imported'
    WHEN EXISTS (SELECT 1 FROM credits k WHERE k.contribution_id = contributions.id) THEN 'eligible'
    ELSE 'not-a-sprinter' END;

-- Co-authors named by commit trailers, one row each (was a packed ',a,b,' list searched with LIKE).
CREATE TABLE contribution_co_authors (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  email           TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (contribution_id, email)
) WITHOUT ROWID;
CREATE INDEX contribution_co_authors_by_email ON contribution_co_authors (email);
WITH RECURSIVE split (id, rest, email) AS (
  SELECT id, substr(co_author_emails, 2), NULL FROM contributions WHERE co_author_emails <> ''
  UNION ALL
  SELECT id, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO contribution_co_authors (contribution_id, email) SELECT id, email FROM split WHERE email IS NOT NULL AND email <> '';

-- Which pull requests a commit merges lives in commit_pull_requests alone (merges_prs repeated it).
INSERT OR IGNORE INTO commit_pull_requests (project_id, pr_number, contribution_id)
  WITH RECURSIVE split (id, project_id, rest, pr) AS (
    SELECT id, project_id, substr(merges_prs, 2), NULL FROM contributions WHERE merges_prs <> '' AND project_id IS NOT NULL
    UNION ALL
    SELECT id, project_id, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> ''
  )
  SELECT project_id, pr, id FROM split WHERE pr IS NOT NULL AND pr <> '';

ALTER TABLE contributions DROP COLUMN co_author_emails;
ALTER TABLE contributions DROP COLUMN merges_prs;
ALTER TABLE contributions DROP COLUMN excluded;
ALTER TABLE contributions DROP COLUMN excluded_reason;
ALTER TABLE contributions DROP COLUMN excluded_by;

-- Whether the app is installed on a repository lives in installations alone (projects repeated it).
ALTER TABLE projects DROP COLUMN installation_id;

-- The sprinter count is kept by the store's counter module with the other aggregates, not by triggers.
DROP TRIGGER memberships_count_insert;
DROP TRIGGER memberships_count_delete;
DROP TRIGGER memberships_count_update;
DROP TRIGGER events_stats_row;
INSERT OR IGNORE INTO event_stats (event_id) SELECT id FROM events;

-- A closed event's report is frozen: the model it was published from is kept whole, so a sprinter who
-- leaves, hides or renames later does not change a published post. Reopening drops the frozen copy.
ALTER TABLE events ADD COLUMN closed_at TEXT;
CREATE TABLE frozen_reports (
  event_id  INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  report    TEXT NOT NULL,
  frozen_at TEXT NOT NULL
);
-- What organizers did to an event that changes what it publishes (close, reopen), with who and when.
CREATE TABLE event_log (
  id       INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  action   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL
);
CREATE INDEX event_log_by_event ON event_log (event_id, at);
