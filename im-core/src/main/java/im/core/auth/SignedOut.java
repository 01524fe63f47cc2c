package im.core.auth;

import java.util.UUID;

import im.core.account.UserId;

/**
 * One sign-in of a user ended before its time: the user signed out, or a reused refresh
 * token showed that someone else holds a copy. Access tokens of that sign-in stop working
 * and its open connections close.
 *
 * @param signIn the sign-in (the refresh-token family) that ended
 */
public record SignedOut(UserId userId, UUID signIn) {

}
