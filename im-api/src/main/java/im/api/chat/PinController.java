package im.api.chat;

import java.util.List;

import im.api.security.CurrentUser;
import im.core.conversation.ConversationId;
import im.core.message.PinnedMessage;
import im.core.message.PinnedMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Pinned messages: a conversation's short list of what its members should not miss. */
@RestController
@RequestMapping("/api/v1/conversations/{id}/pins")
@Tag(name = "Conversations")
class PinController {

	private final PinnedMessages pins;

	PinController(PinnedMessages pins) {
		this.pins = pins;
	}

	@GetMapping
	@Operation(summary = "Pinned messages",
			description = "The conversation's pinned messages, the latest pin first, each with who pinned it and "
					+ "when; for its members.")
	List<PinnedMessage> pins(Authentication auth, @PathVariable long id) {
		return this.pins.pins(CurrentUser.id(auth), new ConversationId(id));
	}

	@PutMapping("/{seq}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Pin a message",
			description = "In a group its owner and admins may, in a direct conversation either member; not a "
					+ "recalled or system message, and at most 50 per conversation (409 limit-reached). Members "
					+ "receive a 'message-pinned' event. Pinning a pinned message changes nothing.")
	void pin(Authentication auth, @PathVariable long id, @PathVariable long seq) {
		this.pins.pin(CurrentUser.id(auth), new ConversationId(id), seq);
	}

	@DeleteMapping("/{seq}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Unpin a message",
			description = "Who may pin may unpin. Members receive a 'message-unpinned' event. Recalling a message "
					+ "unpins it too (members see the 'message-recalled' event).")
	void unpin(Authentication auth, @PathVariable long id, @PathVariable long seq) {
		this.pins.unpin(CurrentUser.id(auth), new ConversationId(id), seq);
	}

}
