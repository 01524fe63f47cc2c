package im.api.user;

import im.core.account.UserProfile;

/**
 * Another user as everyone may see them.
 *
 * @param bot whether it is a bot (an integrator's program), shown as one
 * @param avatarLetter what the avatar shows without a picture; null: the display name's
 * first letter
 */
public record UserResponse(long id, String username, String displayName, String avatarUrl, boolean bot,
		String avatarLetter) {

	public static UserResponse of(UserProfile user) {
		return new UserResponse(user.id().value(), user.username(), user.displayName(), user.avatarUrl(), user.bot(),
				user.avatarLetter());
	}

}
