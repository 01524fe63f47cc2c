-- Uploaded files. The bytes live in media storage (a folder under the data directory when
-- standalone); this table holds what was learned from them. Messages refer to them by id.
CREATE TABLE media (
    id            VARCHAR(36)              PRIMARY KEY,
    owner_id      BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          VARCHAR(16)              NOT NULL,
    content_type  VARCHAR(100)             NOT NULL,
    file_name     VARCHAR(255)             NOT NULL,
    size_bytes    BIGINT                   NOT NULL,
    has_thumbnail BOOLEAN                  NOT NULL,
    width         INTEGER,
    height        INTEGER,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_media_kind CHECK (kind IN ('IMAGE', 'VOICE', 'VIDEO', 'FILE'))
);

CREATE INDEX ix_media_owner ON media (owner_id);

ALTER TABLE messages ADD COLUMN media_id VARCHAR(36) REFERENCES media (id);
CREATE INDEX ix_messages_media ON messages (media_id);
