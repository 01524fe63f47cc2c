-- Live rooms: an audience that subscribes to a room's topic (a stream's comment feed, say).
-- Public rooms are open to every signed-in user; members-only rooms to the users listed in
-- live_room_members. Comments and pushes to a room are not stored.
CREATE TABLE live_rooms (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    title        VARCHAR(128)             NOT NULL,
    members_only BOOLEAN                  NOT NULL,
    max_audience INTEGER,
    created_by   VARCHAR(64)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE live_room_members (
    room_id  VARCHAR(64) NOT NULL REFERENCES live_rooms (id),
    user_id  BIGINT      NOT NULL REFERENCES users (id),
    PRIMARY KEY (room_id, user_id)
);
