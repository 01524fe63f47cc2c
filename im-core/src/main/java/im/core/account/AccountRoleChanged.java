package im.core.account;

/**
 * An administrator gave an account another role. The user signs in again to get tokens
 * that carry it, so their sessions end like after a ban.
 */
public record AccountRoleChanged(UserId userId, Role role) {

}
