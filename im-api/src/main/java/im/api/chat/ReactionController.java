package im.api.chat;

import im.api.security.CurrentUser;
import im.core.conversation.ConversationId;
import im.core.message.MessageReactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Emoji reactions over REST, the same operations as STOMP {@code /app/chat.react}. Both
 * are idempotent: adding a reaction the caller has, or removing one they have not,
 * changes nothing and tells no one.
 */
@RestController
@RequestMapping("/api/v1/conversations/{id}/messages/{seq}/reactions/{emoji}")
@Tag(name = "Conversations")
class ReactionController {

	private static final String EMOJI = "One emoji, URL-encoded (👍 is %F0%9F%91%8D); skin tones, flags and "
			+ "joined sequences count as one.";

	private final MessageReactions reactions;

	ReactionController(MessageReactions reactions) {
		this.reactions = reactions;
	}

	@PutMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "React to a message",
			description = "Adds the caller's reaction: any member, to a message that was not recalled, in a "
					+ "conversation that is not dissolved. Members receive a 'reaction-added' event; history shows "
					+ "each message's 'reactions' (emoji, count, userIds). A message takes at most 20 different "
					+ "emoji (409 limit-reached).")
	void add(Authentication auth, @PathVariable long id, @PathVariable long seq,
			@Parameter(description = EMOJI) @PathVariable String emoji) {
		this.reactions.add(CurrentUser.id(auth), new ConversationId(id), seq, emoji);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Take a reaction back",
			description = "Removes the caller's reaction; members receive a 'reaction-removed' event.")
	void remove(Authentication auth, @PathVariable long id, @PathVariable long seq,
			@Parameter(description = EMOJI) @PathVariable String emoji) {
		this.reactions.remove(CurrentUser.id(auth), new ConversationId(id), seq, emoji);
	}

}
