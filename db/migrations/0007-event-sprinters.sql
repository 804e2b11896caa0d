-- How many sprinters joined an event, shown on its page and in its report, kept beside the other
-- headline numbers instead of counting 100,000 memberships per view. Triggers keep it, so every path
-- that changes a membership (joining, leaving, promotion from the waiting list, imports, the CLI) agrees.
ALTER TABLE event_stats ADD COLUMN sprinters INTEGER NOT NULL DEFAULT 0;
INSERT OR IGNORE INTO event_stats (event_id) SELECT id FROM events;
UPDATE event_stats SET sprinters = (SELECT count(*) FROM memberships m WHERE m.event_id = event_stats.event_id AND m.status = 'joined');

CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships WHEN NEW.status = 'joined' BEGIN
  INSERT OR IGNORE INTO event_stats (event_id) VALUES (NEW.event_id);
  UPDATE event_stats SET sprinters = sprinters + 1 WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships WHEN OLD.status = 'joined' BEGIN
  UPDATE event_stats SET sprinters = sprinters - 1 WHERE event_id = OLD.event_id;
END;

CREATE TRIGGER memberships_count_update AFTER UPDATE OF status, event_id ON memberships
  WHEN (OLD.status = 'joined') <> (NEW.status = 'joined') OR OLD.event_id <> NEW.event_id BEGIN
  UPDATE event_stats SET sprinters = sprinters - 1 WHERE event_id = OLD.event_id AND OLD.status = 'joined';
  INSERT OR IGNORE INTO event_stats (event_id) VALUES (NEW.event_id);
  UPDATE event_stats SET sprinters = sprinters + 1 WHERE event_id = NEW.event_id AND NEW.status = 'joined';
END;
