-- The CSV export names who reviewed each pull request: the counted reviews of an event, by project and
-- number, in a partial index (reviews are a small share of the rows).
CREATE INDEX contributions_counted_reviews ON contributions (event_id, project_id, key)
  WHERE kind = 'review' AND counted = 1;
