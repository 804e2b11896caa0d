-- What the counting rules read, kept with each contribution beside the verdict, so the verdict can be
-- decided again from the row alone whenever an input changes (the window, who joined, a project's
-- leaders). Rows stored before this migration take the facts their reasons imply.
ALTER TABLE contributions ADD COLUMN author_is_bot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contributions ADD COLUMN on_default_branch INTEGER NOT NULL DEFAULT 1;
-- For a review: who opened the pull request reviewed (a review of one's own pull request does not count).
ALTER TABLE contributions ADD COLUMN review_of_author_id INTEGER;
ALTER TABLE contributions ADD COLUMN review_of_author_login TEXT;
UPDATE contributions SET author_is_bot = 1 WHERE reason = 'bot';
UPDATE contributions SET on_default_branch = 0 WHERE reason = 'not-default-branch';
UPDATE contributions SET review_of_author_id = author_id, review_of_author_login = author_login
  WHERE reason = 'own-pull-request';
