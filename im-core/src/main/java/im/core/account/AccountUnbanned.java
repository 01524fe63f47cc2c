package im.core.account;

/** An administrator lifted a ban: the user may sign in again. */
public record AccountUnbanned(UserId userId) {

}
