package im.core.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Whether a user's access tokens still work.
 *
 * @param validAfter tokens issued before this time are refused (a ban, a new role or a
 * reset password), or null
 * @param banned the account is banned: none of its tokens work
 */
public record TokenStanding(Instant validAfter, boolean banned) {

	/** Whether a token issued at the time given still works (JWT times are seconds). */
	public boolean accepts(Instant issuedAt) {
		if (this.banned) {
			return false;
		}
		return this.validAfter == null
				|| (issuedAt != null && !issuedAt.isBefore(this.validAfter.truncatedTo(ChronoUnit.SECONDS)));
	}

}
