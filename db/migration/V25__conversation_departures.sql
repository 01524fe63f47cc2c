-- Who left a group or was removed from it, and the last message they could read then: message
-- search still finds, for them, what they could read up to leaving. Rejoining makes them a
-- member again (everything readable); leaving again moves last_seq on.
CREATE TABLE conversation_departures (
    conversation_id BIGINT                   NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_seq        BIGINT                   NOT NULL,
    left_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE INDEX ix_conversation_departures_user ON conversation_departures (user_id);
