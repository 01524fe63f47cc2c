package im.api.chat;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import im.api.problem.Problems.FieldProblem;
import im.api.security.CurrentUser;
import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationService;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.message.MessageService;
import im.core.message.SendMessage;
import im.core.message.SendReceipt;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

/**
 * Chat over STOMP. Answers go to the requesting session only: an acknowledgement on
 * {@code /user/queue/acks}, or a {@link ClientError} on {@code /user/queue/errors} naming
 * the {@code clientMsgId}. The message itself reaches every member's devices on
 * {@code /user/queue/messages} after it is stored.
 */
@Controller
class ChatMessagingController {

	private static final Logger log = LoggerFactory.getLogger(ChatMessagingController.class);

	private final MessageService messages;

	private final ConversationService conversations;

	private final Validator validator;

	ChatMessagingController(MessageService messages, ConversationService conversations, Validator validator) {
		this.messages = messages;
		this.conversations = conversations;
		this.validator = validator;
	}

	@MessageMapping("/chat.send")
	@SendToUser(destinations = "/queue/acks", broadcast = false)
	SendReceipt send(@Payload SendMessage message, Principal principal) {
		String clientMsgId = message.clientMsgId();
		validate(message, clientMsgId);
		try {
			return this.messages.send(user(principal), message);
		}
		catch (DomainException ex) {
			throw new ChatRequestRejected(clientMsgId, ex.errorCode(), ex.getMessage(), List.of());
		}
	}

	@MessageMapping("/chat.read")
	void read(@Payload ReadMark mark, Principal principal) {
		validate(mark, null);
		try {
			this.conversations.markRead(user(principal), new ConversationId(mark.conversationId()), mark.seq());
		}
		catch (DomainException ex) {
			throw new ChatRequestRejected(null, ex.errorCode(), ex.getMessage(), List.of());
		}
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError rejected(ChatRequestRejected ex) {
		return ex.error();
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unreadable(MessageConversionException ex) {
		return ClientError.of(null, ErrorCode.MALFORMED_REQUEST,
				"The frame body is not the JSON this destination takes (see docs/protocol.md).", List.of());
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unexpected(Exception ex) {
		log.error("Unexpected failure handling a chat frame", ex);
		return ClientError.of(null, ErrorCode.INTERNAL, "Something went wrong on our side; it has been logged.",
				List.of());
	}

	private <T> void validate(T payload, String clientMsgId) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(payload);
		if (!violations.isEmpty()) {
			List<FieldProblem> errors = violations.stream()
				.map((violation) -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
				.sorted(Comparator.comparing(FieldProblem::field))
				.toList();
			String detail = String.join("; ", errors.stream().map((e) -> e.field() + " " + e.message()).toList()) + ".";
			throw new ChatRequestRejected(clientMsgId, ErrorCode.VALIDATION_FAILED, detail, errors);
		}
	}

	private static UserId user(Principal principal) {
		return CurrentUser.id((Authentication) principal);
	}

}
