-- Every event has its headline-numbers row from the moment it exists, so the writers that keep the
-- numbers update it directly instead of making sure it is there first, once per contribution.
INSERT OR IGNORE INTO event_stats (event_id) SELECT id FROM events;

CREATE TRIGGER events_stats_row AFTER INSERT ON events BEGIN
  INSERT OR IGNORE INTO event_stats (event_id) VALUES (NEW.id);
END;
