-- Moderation by administrators: a banned account cannot sign in; a muted one cannot post
-- until the time given.
ALTER TABLE users ADD COLUMN banned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN ban_reason VARCHAR(256);
ALTER TABLE users ADD COLUMN muted_until TIMESTAMP WITH TIME ZONE;
