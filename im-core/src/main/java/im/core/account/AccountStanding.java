package im.core.account;

import java.time.Instant;

/**
 * What administrators see of an account besides its profile.
 *
 * @param profile the public profile
 * @param lastSeenAt when the user was last connected, or null if never
 * @param bannedAt when the account was banned, or null if it is not: a banned account
 * cannot sign in
 * @param banReason why, as the administrator wrote it
 * @param mutedUntil until when the user may not post anywhere, or null (a time in the
 * past means the mute is over)
 */
public record AccountStanding(UserProfile profile, Instant lastSeenAt, Instant bannedAt, String banReason,
		Instant mutedUntil) {

}
