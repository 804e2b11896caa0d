-- Reviews given at the sprint are counted apart, like issues: nothing stored a review before this
-- migration, so the counters start at zero.
ALTER TABLE sprinter_stats ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_sprinter_stats ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_stats ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_stats ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0;

-- How the event ranks its sprinters: by merged pull requests, then pull requests, then commits (as
-- before), or by points that weigh reviews and issues too (the formula is in src/domain/scoring.ts).
ALTER TABLE events ADD COLUMN scoring TEXT NOT NULL DEFAULT 'ranked' CHECK (scoring IN ('ranked', 'points'));
-- Whether project leaders who joined are ranked with the sprinters; either way their work counts.
ALTER TABLE events ADD COLUMN rank_leaders INTEGER NOT NULL DEFAULT 1 CHECK (rank_leaders IN (0, 1));

-- The points ranking read off an index, as the default ranking is: the expression is the one the
-- leaderboard's query orders by, word for word.
CREATE INDEX sprinter_stats_points ON sprinter_stats
  (event_id, (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) DESC, merged DESC, pull_requests DESC, commits DESC);
CREATE INDEX project_sprinter_stats_points ON project_sprinter_stats
  (project_id, (4 * merged + 2 * (pull_requests - merged) + 2 * reviews + commits + issues) DESC, merged DESC, pull_requests DESC, commits DESC);

-- A sprinter who asked not to be followed after the event: honoured from the moment they ask.
ALTER TABLE sprinters ADD COLUMN follow_up_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_opt_out IN (0, 1));

-- How a pull request's first-time flag was decided: 'association' (GitHub's author_association),
-- 'search' (one search for earlier pull requests to the repository), or NULL (not decided yet).
ALTER TABLE contributions ADD COLUMN first_time_by TEXT CHECK (first_time_by IN ('association', 'search'));
-- What GitHub delivered or searched carried the author's association: those flags were GitHub's word.
UPDATE contributions SET first_time_by = 'association' WHERE kind = 'pull_request' AND forge = 'github' AND source IN ('webhook', 'poll');

-- A sprinter's events, for "returning sprinter" and their page across events.
CREATE INDEX sprinter_stats_by_sprinter ON sprinter_stats (sprinter_id);

-- Pull requests a followed sprinter opened after the event anywhere else on GitHub (the poller's
-- follow-up search); work on the event's own projects is kept as contributions, as always.
CREATE TABLE follow_up_pulls (
  sprinter_id INTEGER NOT NULL REFERENCES sprinters(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  repo        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed')),
  seen_at     TEXT NOT NULL,
  PRIMARY KEY (sprinter_id, url)
);

-- Two more marks of where polling got to: reviews of upstream pull requests, and the follow-up after
-- the event. SQLite changes a CHECK only by rebuilding the table (nothing references it).
CREATE TABLE poll_state_rebuilt (
  event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  source            TEXT NOT NULL CHECK (source IN ('github', 'pagure', 'github-reviews', 'follow-up')),
  last_completed_at TEXT NOT NULL,
  PRIMARY KEY (event_id, source)
);
INSERT INTO poll_state_rebuilt (event_id, source, last_completed_at) SELECT event_id, source, last_completed_at FROM poll_state;
DROP TABLE poll_state;
ALTER TABLE poll_state_rebuilt RENAME TO poll_state;
