package im.core.account;

/**
 * A user the company's identity provider vouched for (an OpenID Connect ID token that
 * passed every check).
 *
 * @param issuer the provider ({@code iss})
 * @param subject the user at the provider ({@code sub}), for good
 * @param username the username the provider gives ({@code preferred_username} or the
 * claim configured), a wish: made valid and unique if need be
 * @param displayName the name to show, or null
 * @param admin whether the provider's claim grants the ADMIN role; null when no claim is
 * configured for it, and the role is the platform's to manage
 */
public record ExternalSignIn(String issuer, String subject, String username, String displayName, Boolean admin) {

}
