-- A room may keep its last comments (not in the database: in memory, or Redis in a cluster)
-- for those who join late.
ALTER TABLE live_rooms ADD COLUMN keep_last INTEGER DEFAULT 0 NOT NULL;
