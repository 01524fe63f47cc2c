package im.core.auth;

import java.time.Instant;
import java.util.UUID;

import im.core.account.UserId;

/**
 * A refresh token as handed to its owner: the only moment the plain value exists.
 *
 * @param signIn the sign-in the token belongs to (its family: every token rotated from
 * one sign-in), which access tokens issued with it name too
 */
public record IssuedRefreshToken(UserId userId, UUID signIn, String value, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedRefreshToken[userId=" + this.userId + ", signIn=" + this.signIn + ", expiresAt=" + this.expiresAt
				+ "]";
	}

}
