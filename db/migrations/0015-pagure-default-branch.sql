-- A Pagure project's default branch as its API says (`rawhide` for Fedora's dist-git, not `main`): a
-- direct push counts only there. NULL until read; main and master are taken meanwhile.
ALTER TABLE projects ADD COLUMN default_branch TEXT;
