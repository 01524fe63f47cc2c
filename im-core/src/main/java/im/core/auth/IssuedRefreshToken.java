package im.core.auth;

import java.time.Instant;

import im.core.account.UserId;

/** A refresh token as handed to its owner: the only moment the plain value exists. */
public record IssuedRefreshToken(UserId userId, String value, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedRefreshToken[userId=" + this.userId + ", expiresAt=" + this.expiresAt + "]";
	}

}
