-- Emoji reactions: one row per message, emoji and member who chose it. A message's reactions are
-- read with its page of history, by (conversation_id, seq), the key's prefix.
CREATE TABLE message_reactions (
    conversation_id BIGINT                   NOT NULL,
    seq             BIGINT                   NOT NULL,
    emoji           VARCHAR(64)              NOT NULL,
    user_id         BIGINT                   NOT NULL REFERENCES users (id),
    reacted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_message_reactions PRIMARY KEY (conversation_id, seq, emoji, user_id),
    CONSTRAINT fk_message_reactions_message FOREIGN KEY (conversation_id, seq)
        REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
);

-- Pinned messages: per conversation, listed in its details, newest pin first.
CREATE TABLE pinned_messages (
    conversation_id BIGINT                   NOT NULL,
    seq             BIGINT                   NOT NULL,
    pinned_by       BIGINT                   NOT NULL REFERENCES users (id),
    pinned_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_pinned_messages PRIMARY KEY (conversation_id, seq),
    CONSTRAINT fk_pinned_messages_message FOREIGN KEY (conversation_id, seq)
        REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
);
