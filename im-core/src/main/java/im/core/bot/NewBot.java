package im.core.bot;

import im.core.text.ShownName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A bot to create.
 *
 * @param ownerId the user answerable for it; the administrator creating it when null
 * @param avatarLetter what its avatar shows (a letter or an emoji); the display name's
 * first letter when null
 */
public record NewBot(
		@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{3,32}",
				message = "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'") String username,
		@NotBlank @Size(max = 64) @ShownName String displayName, Long ownerId,
		@Size(max = 8) @ShownName String avatarLetter) {

}
