-- Message search in a cluster (PostgreSQL only; a standalone instance keeps a Lucene index).
-- The terms are Lucene's analysis of the text (im.core.search.MessageAnalysis: word stems,
-- and every character and pair of characters of Chinese, Japanese and Korean text), stored as
-- a tsvector as they are, so PostgreSQL's own parser, which does not split CJK text, never
-- sees the text. Rows are written by whichever instance's indexer holds the progress row,
-- after the messages' commit: indexing never delays a send.
CREATE TABLE message_search (
    message_id      BIGINT                   PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id BIGINT                   NOT NULL,
    seq             BIGINT                   NOT NULL,
    sender_id       BIGINT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    has_file        BOOLEAN                  NOT NULL,
    terms           TSVECTOR                 NOT NULL
);

CREATE INDEX ix_message_search_terms ON message_search USING gin (terms);

-- How far the indexer has read the messages table (im.core.search.IndexProgress); its row lock
-- lets one instance index at a time.
CREATE TABLE message_search_progress (
    id    INTEGER PRIMARY KEY,
    state VARCHAR(100000) NOT NULL
);

INSERT INTO message_search_progress (id, state) VALUES (1, '0;');
