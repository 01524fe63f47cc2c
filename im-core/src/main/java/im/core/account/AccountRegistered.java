package im.core.account;

/** An account was opened. */
public record AccountRegistered(UserId userId, String username) {

}
