package im.core.account;

/**
 * A user's password changed. Published inside the changing transaction so that whoever
 * reacts (signing the user out everywhere) commits or rolls back with it.
 *
 * @param reset an administrator set it, rather than the user
 */
public record PasswordChanged(UserId userId, boolean reset) {

}
