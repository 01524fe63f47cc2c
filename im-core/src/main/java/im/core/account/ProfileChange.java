package im.core.account;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A change to the caller's own profile. A {@code null} field is left as it is; an empty
 * {@code avatarUrl} removes the avatar.
 */
public record ProfileChange(
		@Size(min = 1, max = 64) @Pattern(regexp = DisplayNames.PATTERN + "\\S" + DisplayNames.PATTERN,
				message = "must not be blank or contain control characters") String displayName,
		@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?",
				message = "must be an http(s) URL, or empty to remove the avatar") String avatarUrl) {

}
