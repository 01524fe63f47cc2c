package im.api.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on through the company's OpenID Connect provider (Keycloak, Entra ID, Okta,
 * Google, ...): off while {@code issuer} is empty.
 *
 * @param issuer the provider's issuer URL ({@code IM_OIDC_ISSUER}); its
 * {@code /.well-known/openid-configuration} names the rest
 * @param discoveryUrl where this instance reads the provider's discovery document when it
 * reaches the provider by another address than browsers do
 * ({@code IM_OIDC_DISCOVERY_URL}); empty: the issuer's
 * @param clientId this platform's client at the provider ({@code IM_OIDC_CLIENT_ID})
 * @param clientSecret its secret ({@code IM_OIDC_CLIENT_SECRET}); empty for a public
 * client, which PKCE alone protects
 * @param providerName the name on the "Sign in with ..." button
 * ({@code IM_OIDC_PROVIDER_NAME})
 * @param scopes what is asked of the provider ({@code IM_OIDC_SCOPES})
 * @param usernameClaim the claim a new account's username comes from
 * ({@code IM_OIDC_USERNAME_CLAIM})
 * @param displayNameClaim the claim its display name comes from
 * ({@code IM_OIDC_DISPLAY_NAME_CLAIM})
 * @param adminClaim a claim (a string or a list, e.g. {@code groups}) that grants the
 * ADMIN role when it holds {@code adminValue} and takes it away when it does not
 * ({@code IM_OIDC_ADMIN_CLAIM}); empty: roles are managed on the platform
 * @param adminValue the value of {@code adminClaim} that grants ADMIN
 * ({@code IM_OIDC_ADMIN_VALUE})
 */
@ConfigurationProperties("im.oidc")
public record OidcSettings(@DefaultValue("") String issuer, @DefaultValue("") String discoveryUrl,
		@DefaultValue("") String clientId, @DefaultValue("") String clientSecret,
		@DefaultValue("SSO") String providerName, @DefaultValue( {
				"openid", "profile", "email" }) List<String> scopes,
		@DefaultValue("preferred_username") String usernameClaim, @DefaultValue("name") String displayNameClaim,
		@DefaultValue("") String adminClaim, @DefaultValue("") String adminValue){

	public OidcSettings {
		if (!issuer.isBlank() && clientId.isBlank()) {
			throw new IllegalArgumentException("IM_OIDC_ISSUER is set: IM_OIDC_CLIENT_ID must be set too.");
		}
		if (!adminClaim.isBlank() && adminValue.isBlank()) {
			throw new IllegalArgumentException("IM_OIDC_ADMIN_CLAIM is set: IM_OIDC_ADMIN_VALUE must be set too.");
		}
		if (!issuer.isBlank() && !scopes.contains("openid")) {
			throw new IllegalArgumentException("IM_OIDC_SCOPES must include 'openid'.");
		}
	}

	boolean enabled() {
		return !this.issuer.isBlank();
	}

	/** Where the provider's discovery document is read. */
	String discoveryLocation() {
		if (!this.discoveryUrl.isBlank()) {
			return this.discoveryUrl;
		}
		return (this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer)
				+ "/.well-known/openid-configuration";
	}

}
