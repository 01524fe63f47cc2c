package im.api.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A refresh token presented for renewal or sign-out. */
record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[...]";
	}

}
