package im.api.user;

import im.core.account.UserProfile;

/** Another user as everyone may see them. */
public record UserResponse(long id, String username, String displayName, String avatarUrl) {

	public static UserResponse of(UserProfile user) {
		return new UserResponse(user.id().value(), user.username(), user.displayName(), user.avatarUrl());
	}

}
