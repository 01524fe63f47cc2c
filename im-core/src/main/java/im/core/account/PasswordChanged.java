package im.core.account;

/**
 * A user's password changed. Published inside the changing transaction so that whoever
 * reacts (signing the user out of other sessions) commits or rolls back with it.
 */
public record PasswordChanged(UserId userId) {

}
