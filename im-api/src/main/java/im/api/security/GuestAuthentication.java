package im.api.security;

import java.util.List;
import java.util.UUID;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A STOMP connection without an account (CONNECT with {@code guest:true}): it may follow
 * the live rooms that allow guests, and do nothing else. Its name is made up for the
 * connection and never names a user.
 */
public final class GuestAuthentication extends AbstractAuthenticationToken {

	public static final String ROLE = "GUEST";

	private final String name = "guest-" + UUID.randomUUID();

	public GuestAuthentication() {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
		setAuthenticated(true);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

}
