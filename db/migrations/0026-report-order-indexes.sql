-- The CSV export reads an event's counted work project by project, each in time order; the reviews of
-- each pull request are looked up by project and number (a partial index: reviews are a small share).
CREATE INDEX contributions_in_report_order ON contributions (event_id, counted, project_id, created_at);
CREATE INDEX contributions_counted_reviews ON contributions (event_id, project_id, key)
  WHERE kind = 'review' AND counted = 1;
