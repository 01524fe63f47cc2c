package im.core.conversation;

import java.util.List;

import im.core.text.ShownName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A group to create; the creator becomes its owner and need not be listed. */
public record NewGroup(@NotBlank @Size(max = 64) @ShownName String name, @Size(max = 512) String description,
		@Size(max = 2048) @Pattern(regexp = "(https?://\\S+)?", message = "must be an http(s) URL") String avatarUrl,
		@NotNull List<@NotNull Long> memberIds) {

}
