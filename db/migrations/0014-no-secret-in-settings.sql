-- The cookie-signing secret is derived from the server's secret key (SECRET_KEY, or the key file beside
-- the database), no longer kept here where a backup would carry it. Cookies signed with the old one stop
-- working: people sign in again. Web-hook keys are sealed with the same key at the next start.
DELETE FROM settings WHERE key = 'session_secret';
