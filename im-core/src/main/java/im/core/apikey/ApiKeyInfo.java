package im.core.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as admins see it: never the key itself.
 *
 * @param prefix the key's first characters, to tell keys apart
 * @param lastUsedAt the last request with it (in a cluster, a use on another instance
 * shows within seconds); null if never used
 * @param revokedAt null while it works
 * @param botId the bot the key acts as (scope {@code messages}), or null
 */
public record ApiKeyInfo(long id, String name, String prefix, Set<ApiKeyScope> scopes, long createdBy,
		Instant createdAt, Instant lastUsedAt, Instant revokedAt, Long botId) {

	/** The same, with a use that may be later than the one recorded. */
	ApiKeyInfo usedAt(Instant use) {
		if (use == null || (this.lastUsedAt != null && !use.isAfter(this.lastUsedAt))) {
			return this;
		}
		return new ApiKeyInfo(this.id, this.name, this.prefix, this.scopes, this.createdBy, this.createdAt, use,
				this.revokedAt, this.botId);
	}

}
