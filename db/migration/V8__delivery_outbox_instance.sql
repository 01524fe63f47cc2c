-- Which instance recorded each delivery. An instance sends its own rows left behind (Kafka
-- failed them) oldest first before it sends anything new, and another instance's only when
-- they are older than the session TTL (that instance died or is stuck): a relay that is merely
-- behind under load is not doubled by sweeps that send its backlog a second time. Rows from
-- before have none: anyone's.
ALTER TABLE delivery_outbox ADD COLUMN instance_id VARCHAR(64);
