-- The admin dashboard counts the messages of the last minute.
CREATE INDEX ix_messages_created_at ON messages (created_at);
