-- Group administration: an announcement, muting (the whole group, or one member until a time)
-- and dissolving. A dissolved group keeps its members and history, read-only.
ALTER TABLE conversations ADD COLUMN announcement VARCHAR(2000);
ALTER TABLE conversations ADD COLUMN all_muted BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE conversations ADD COLUMN dissolved_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation_members ADD COLUMN muted_until TIMESTAMP WITH TIME ZONE;
