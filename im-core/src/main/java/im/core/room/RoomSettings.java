package im.core.room;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live room limits.
 *
 * @param maxCommentLength characters a comment may have
 * ({@code IM_ROOM_MAX_COMMENT_LENGTH})
 * @param maxComments comments one user may send per {@code commentWindow}, over all rooms
 * and devices ({@code IM_ROOM_MAX_COMMENTS})
 * @param commentWindow the window {@code maxComments} is counted in
 * @param countInterval how often each room hears its online count
 * ({@code IM_ROOM_COUNT_INTERVAL})
 * @param maxKeepLast the most comments a room may keep for late joiners
 * @param guestsEnabled whether connections without an account may follow the public rooms
 * that allow guests ({@code IM_ROOM_GUESTS}); off, no room takes guests
 */
@ConfigurationProperties("im.rooms")
public record RoomSettings(@DefaultValue("500") int maxCommentLength, @DefaultValue("5") int maxComments,
		@DefaultValue("10s") Duration commentWindow, @DefaultValue("5s") Duration countInterval,
		@DefaultValue("true") boolean guestsEnabled, @DefaultValue("100") int maxKeepLast) {

}
