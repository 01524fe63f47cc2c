-- When a user's last device disconnected; presence itself (who is online) is not stored here.
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
