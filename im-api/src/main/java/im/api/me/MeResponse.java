package im.api.me;

import java.time.Instant;

import im.core.account.Role;
import im.core.account.UserProfile;

/** The signed-in user's own account. */
record MeResponse(long id, String username, String displayName, String avatarUrl, Role role, Instant createdAt) {

	static MeResponse of(UserProfile user) {
		return new MeResponse(user.id().value(), user.username(), user.displayName(), user.avatarUrl(), user.role(),
				user.createdAt());
	}

}
