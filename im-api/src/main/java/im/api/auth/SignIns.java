package im.api.auth;

import im.api.security.AccessTokens;
import im.core.account.UserProfile;
import im.core.auth.IssuedRefreshToken;
import im.core.auth.RefreshTokenService;

import org.springframework.stereotype.Component;

/**
 * Hands out the tokens of a sign-in: a refresh token that starts (or continues) the
 * sign-in, and an access token that names it, so that ending the sign-in ends both.
 */
@Component
public class SignIns {

	private final RefreshTokenService refreshTokens;

	private final AccessTokens accessTokens;

	SignIns(RefreshTokenService refreshTokens, AccessTokens accessTokens) {
		this.refreshTokens = refreshTokens;
		this.accessTokens = accessTokens;
	}

	/** A new sign-in for the user: after the password, or after changing it. */
	public TokenResponse start(UserProfile user) {
		return tokens(user, this.refreshTokens.issue(user.id()));
	}

	/** The next tokens of the sign-in, for a refresh token already rotated. */
	TokenResponse tokens(UserProfile user, IssuedRefreshToken refreshToken) {
		return TokenResponse.of(this.accessTokens.issue(user, refreshToken.signIn()), refreshToken);
	}

}
