-- An established deployment: many more conversations than those active at a moment, and their
-- history, so that the planner sees tables of a realistic size (a table of a few hundred rows is
-- scanned whole). The messages matter most: analysed while empty, the messages table is planned
-- as empty for as long as nothing analyses it again (a PostgreSQL without autovacuum, as on the
-- development machine), and every prepared query on it becomes a scan of the whole table.
INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at)
SELECT 'filler' || g, 'Filler ' || g, '-', 'USER', now(), now() FROM generate_series(1, :users) g;
CREATE TEMPORARY TABLE filler_users AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE username LIKE 'filler%';
INSERT INTO conversations (kind, name, last_seq, last_activity_at, created_by, created_at)
SELECT 'GROUP', 'filler ' || g, 0, now(), u.id, now()
FROM generate_series(0, :conversations - 1) g JOIN filler_users u ON u.n = g % :users;
INSERT INTO conversation_members (conversation_id, user_id, role, read_seq, joined_at)
SELECT c.id, c.created_by, 'OWNER', 0, now() FROM conversations c WHERE c.name LIKE 'filler %'
UNION ALL
SELECT c.id, u.id, 'MEMBER', 0, now()
FROM conversations c JOIN filler_users o ON o.id = c.created_by JOIN filler_users u ON u.n = (o.n + 1) % :users
WHERE c.name LIKE 'filler %';
INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, body, created_at)
SELECT c.id, s, c.created_by, NULL, 'TEXT', 'an earlier message of ' || c.name || ', number ' || s,
       now() - make_interval(days => 30) + make_interval(secs => s)
FROM conversations c CROSS JOIN generate_series(1, :messages) s
WHERE c.name LIKE 'filler %';
UPDATE conversations SET last_seq = :messages WHERE name LIKE 'filler %';
ANALYZE;
