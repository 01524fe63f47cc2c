package im.core.account;

import im.core.text.ShownName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A request to open an account. Usernames are compared and stored in lower case, so
 * {@code Alice} and {@code alice} are the same account.
 */
public record Registration(@NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.RULE) String username,
		@NotBlank @Size(max = 64) @ShownName String displayName,
		@NotNull @Size(min = 8, message = "must be at least 8 characters") @MaxUtf8Bytes(72) String password) {

	@Override
	public String toString() {
		return "Registration[username=" + this.username + ", displayName=" + this.displayName + "]";
	}

}
