-- A Pagure name or commit e-mail a sprinter typed is a claim until it is proven (an organizer's word, or
-- GitHub saying the e-mail is verified); only proven ones earn credit. NULL: a claim.
ALTER TABLE sprinters ADD COLUMN pagure_proof TEXT;
ALTER TABLE sprinter_emails ADD COLUMN proof TEXT;
-- Sprinters without a GitHub account id were never signed in: an organizer added them (command line or a
-- list), so what they hold is the organizer's word. Those who joined on the web typed theirs: claims.
UPDATE sprinters SET pagure_proof = 'organizer' WHERE pagure_username IS NOT NULL AND github_id IS NULL;
UPDATE sprinter_emails SET proof = 'organizer'
  WHERE sprinter_id IN (SELECT id FROM sprinters WHERE github_id IS NULL);

-- The e-mails GitHub says an account has verified, read at sign-in where the app may read them: what a
-- ticket row is matched by, besides a GitHub id (a login on a ticket is only what its buyer typed).
CREATE TABLE github_verified_emails (
  github_id INTEGER NOT NULL,
  email     TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (github_id, email)
);
CREATE INDEX github_verified_emails_by_email ON github_verified_emails (email);
ALTER TABLE ticket_holders ADD COLUMN github_id INTEGER;
