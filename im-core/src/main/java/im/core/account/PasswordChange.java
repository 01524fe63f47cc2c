package im.core.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A password change, proven by the current password. */
public record PasswordChange(@NotNull String currentPassword,
		@NotNull @Size(min = 8, message = "must be at least 8 characters") @MaxUtf8Bytes(72) String newPassword) {

	@Override
	public String toString() {
		return "PasswordChange[...]";
	}

}
