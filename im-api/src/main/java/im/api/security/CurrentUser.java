package im.api.security;

import im.core.account.UserId;

import org.springframework.security.core.Authentication;

/** The signed-in user behind a request or a STOMP session. */
public final class CurrentUser {

	private CurrentUser() {
	}

	/**
	 * The user id of an authentication made from one of our access tokens (its name is
	 * the subject).
	 */
	public static UserId id(Authentication authentication) {
		return UserId.of(authentication.getName());
	}

	/** Whether the caller is a bot, acting through its API key. */
	public static boolean isBot(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ApiKeyFilter.BOT.equals(authority.getAuthority()));
	}

}
