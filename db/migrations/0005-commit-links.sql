-- Which pull requests a commit's push says it merges, one row each, so finding a pull request's commits
-- is an index lookup rather than a LIKE over every commit of the project.
CREATE TABLE commit_pull_requests (
  project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  pr_number       TEXT NOT NULL,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, pr_number, contribution_id)
);
CREATE INDEX commit_pull_requests_by_commit ON commit_pull_requests (contribution_id);
CREATE INDEX contributions_by_head_sha ON contributions (project_id, head_sha) WHERE head_sha IS NOT NULL;
