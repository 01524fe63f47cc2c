package im.core.media;

import java.time.Instant;

/**
 * An uploaded file as clients see it: in upload answers and inside messages that carry
 * it.
 *
 * @param contentType the type found in the bytes, not the one the client claimed
 * @param width for images whose dimensions could be read, else null
 */
public record MediaInfo(String id, long ownerId, MediaKind kind, String contentType, String fileName, long size,
		boolean hasThumbnail, Integer width, Integer height, Instant createdAt) {

}
