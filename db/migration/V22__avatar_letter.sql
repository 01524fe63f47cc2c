-- The letter (or emoji) an avatar shows when there is no picture: chosen for bots by the
-- administrator who creates them; otherwise the display name's first letter is shown.
ALTER TABLE users ADD COLUMN avatar_letter VARCHAR(8);
