package im.core.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as admins see it: never the key itself.
 *
 * @param prefix the key's first characters, to tell keys apart
 * @param lastUsedAt the last request with it, to the minute; null if never used
 * @param revokedAt null while it works
 */
public record ApiKeyInfo(long id, String name, String prefix, Set<ApiKeyScope> scopes, long createdBy,
		Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

}
