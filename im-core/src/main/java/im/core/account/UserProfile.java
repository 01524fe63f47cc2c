package im.core.account;

import java.time.Instant;

/**
 * What the platform knows about a user, without credentials.
 *
 * @param bot whether the account is a bot, which acts through an API key and never signs
 * in
 * @param updatedAt when the profile, role, ban or mute last changed
 * @param avatarLetter what the avatar shows without a picture; null: the display name's
 * first letter
 */
public record UserProfile(UserId id, String username, String displayName, String avatarUrl, Role role,
		Instant createdAt, boolean bot, Instant updatedAt, String avatarLetter) {

}
