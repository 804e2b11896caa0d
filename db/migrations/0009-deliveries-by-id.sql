-- Every webhook delivery writes one row here, in the hot path of a sprint room's bursts. Keyed by its id
-- alone (WITHOUT ROWID), a delivery is one b-tree insert instead of three: the rowid table, the index
-- behind the text primary key, and an index on received_at that nothing queried.
CREATE TABLE deliveries_by_id (
  delivery_id TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  event       TEXT NOT NULL,
  action      TEXT,
  received_at TEXT NOT NULL,
  outcome     TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO deliveries_by_id (delivery_id, source, event, action, received_at, outcome)
  SELECT delivery_id, source, event, action, received_at, outcome FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_by_id RENAME TO deliveries;
