-- An organizer may set the order of projects in the report (the post's own order, a headline project
-- first); projects without a position follow, busiest first, as all of them do while none has one.
ALTER TABLE projects ADD COLUMN report_position INTEGER CHECK (report_position > 0);
