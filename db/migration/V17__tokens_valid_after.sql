-- Access tokens issued before this time are refused: set when an administrator bans a user,
-- changes their role or resets their password, so that the change takes effect at once.
ALTER TABLE users ADD COLUMN tokens_valid_after TIMESTAMP WITH TIME ZONE;
