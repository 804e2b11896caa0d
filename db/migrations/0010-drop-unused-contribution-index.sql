-- No query reads contributions by (project_id, counted): per-project figures come from project_stats and
-- project_sprinter_stats, commit links from the partial sha indexes. Yet every new contribution and every
-- change of `counted` wrote to it, on the ingest path. Projects are never deleted or renumbered, so the
-- foreign key's cascade, the one other user of an index led by project_id, never runs.
DROP INDEX contributions_by_project;
