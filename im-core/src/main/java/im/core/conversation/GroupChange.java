package im.core.conversation;

import im.core.text.ShownName;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A change to a group's profile. A null field stays as it is; an empty string clears the
 * description, avatar or announcement. The name cannot be cleared.
 */
public record GroupChange(@Size(min = 1, max = 64) @ShownName String name, @Size(max = 512) String description,
		@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?", message = "must be an http(s) URL") String avatarUrl,
		@Size(max = 2000) String announcement) {

}
