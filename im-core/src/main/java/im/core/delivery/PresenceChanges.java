package im.core.delivery;

import java.util.List;

import im.core.account.UserId;

/**
 * Users whose presence the session registry found changed while maintaining it, rather
 * than at a connect or disconnect of this instance's.
 *
 * @param online users who are online again: their sessions on this instance were lost
 * from the registry (Redis was away) and are registered again
 * @param offline users left without a session: their last ones were on an instance that
 * died, or closed while the registry could not be told
 */
public record PresenceChanges(List<UserId> online, List<UserId> offline) {

	public static final PresenceChanges NONE = new PresenceChanges(List.of(), List.of());

}
