-- Guests (connections without an account) may follow a public room, read-only, when it
-- allows them.
ALTER TABLE live_rooms ADD COLUMN guests_allowed BOOLEAN DEFAULT FALSE NOT NULL;
