-- Totals say what is not known instead of showing it as zero: pull requests whose state no source gave
-- (imported lists), and counted pull requests and commits credited to nobody (an imported row without a
-- contributor; outcomes such as a talk are listed apart).
ALTER TABLE event_stats ADD COLUMN state_unknown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_stats ADD COLUMN unnamed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_stats ADD COLUMN state_unknown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project_stats ADD COLUMN unnamed INTEGER NOT NULL DEFAULT 0;
UPDATE event_stats SET
  state_unknown = (SELECT count(*) FROM contributions c WHERE c.event_id = event_stats.event_id AND c.counted = 1 AND c.kind = 'pull_request' AND c.state = 'unknown'),
  unnamed = (SELECT count(*) FROM contributions c WHERE c.event_id = event_stats.event_id AND c.counted = 1 AND c.kind <> 'other'
    AND NOT EXISTS (SELECT 1 FROM credits k WHERE k.contribution_id = c.id));
UPDATE project_stats SET
  state_unknown = (SELECT count(*) FROM contributions c WHERE c.project_id = project_stats.project_id AND c.counted = 1 AND c.kind = 'pull_request' AND c.state = 'unknown'),
  unnamed = (SELECT count(*) FROM contributions c WHERE c.project_id = project_stats.project_id AND c.counted = 1 AND c.kind <> 'other'
    AND NOT EXISTS (SELECT 1 FROM credits k WHERE k.contribution_id = c.id));
