package im.api.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Credentials for signing in. */
record LoginRequest(@NotBlank @Size(max = 64) String username, @NotNull @Size(max = 256) String password) {

	@Override
	public String toString() {
		return "LoginRequest[username=" + this.username + "]";
	}

}
