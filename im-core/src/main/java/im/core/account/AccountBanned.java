package im.core.account;

/**
 * An administrator banned an account. Published inside the banning transaction: signing
 * the user out (refresh tokens) commits with it, and connections close once it committed.
 */
public record AccountBanned(UserId userId) {

}
