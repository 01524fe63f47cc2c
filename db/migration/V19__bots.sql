-- Bots: accounts an integrator's program acts as, through an API key of scope 'messages'
-- bound to the bot. A bot never signs in (its password is random and never shown, and
-- sign-in refuses bots); it is a member of conversations like a user.
ALTER TABLE users ADD COLUMN bot BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE users ADD COLUMN bot_owner_id BIGINT REFERENCES users (id);
-- the bot a key of scope 'messages' acts as
ALTER TABLE api_keys ADD COLUMN bot_id BIGINT REFERENCES users (id);
-- whether a message's sender is a bot, kept with the message: a sender never changes kind
ALTER TABLE messages ADD COLUMN sender_bot BOOLEAN DEFAULT FALSE NOT NULL;
-- a directory sync (scope 'users:read') reads users in the order they changed
CREATE INDEX ix_users_updated_at ON users (updated_at, id);
