package im.api.auth;

import java.time.Instant;

import im.api.security.AccessTokens.AccessToken;
import im.core.auth.IssuedRefreshToken;
import io.swagger.v3.oas.annotations.media.Schema;

/** The tokens of a signed-in session. */
public record TokenResponse(
		@Schema(description = "JWT to send as 'Authorization: Bearer <accessToken>'") String accessToken,
		@Schema(description = "Opaque token for POST /api/v1/auth/refresh; single use") String refreshToken,
		@Schema(description = "Seconds until the access token expires") long expiresIn,
		@Schema(description = "Always 'Bearer'") String tokenType,
		@Schema(description = "When the refresh token expires") Instant refreshTokenExpiresAt) {

	static TokenResponse of(AccessToken accessToken, IssuedRefreshToken refreshToken) {
		long expiresIn = Math.max(0, accessToken.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		return new TokenResponse(accessToken.value(), refreshToken.value(), expiresIn, "Bearer",
				refreshToken.expiresAt());
	}

	@Override
	public String toString() {
		return "TokenResponse[expiresIn=" + this.expiresIn + "]";
	}

}
