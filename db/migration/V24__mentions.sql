-- Mentions: who a message names with @username, or everyone with @all. One row per mentioned
-- member, @all included (via_all), so that a member's unread mentions are counted from an index;
-- the message's JSON lists only the members named (via_all false) and says @all itself.
ALTER TABLE messages ADD COLUMN mentions_all BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE message_mentions (
    conversation_id BIGINT  NOT NULL,
    seq             BIGINT  NOT NULL,
    user_id         BIGINT  NOT NULL REFERENCES users (id),
    via_all         BOOLEAN NOT NULL,
    -- the order the message names them in (those it reaches by @all after)
    position        INT     NOT NULL,
    CONSTRAINT pk_message_mentions PRIMARY KEY (conversation_id, seq, user_id),
    CONSTRAINT fk_message_mentions_message FOREIGN KEY (conversation_id, seq)
        REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
);

CREATE INDEX ix_message_mentions_user ON message_mentions (user_id, conversation_id, seq);
