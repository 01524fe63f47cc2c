package im.core.account;

import java.time.Instant;

/** What the platform knows about a user, without credentials. */
public record UserProfile(UserId id, String username, String displayName, String avatarUrl, Role role,
		Instant createdAt) {

}
