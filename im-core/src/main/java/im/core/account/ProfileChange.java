package im.core.account;

import im.core.text.ShownName;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A change to the caller's own profile. A {@code null} field is left as it is; an empty
 * {@code avatarUrl} removes the avatar.
 */
public record ProfileChange(@Size(min = 1, max = 64) @ShownName String displayName,
		@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?",
				message = "must be an http(s) URL, or empty to remove the avatar") String avatarUrl) {

}
