package im.api.chat;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import im.api.chat.ChatRequests.Edit;
import im.api.chat.ChatRequests.ReadMark;
import im.api.chat.ChatRequests.Recall;
import im.api.chat.ChatRequests.TypingNotice;
import im.api.chat.ClientError.RequestIds;
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
		RequestIds ids = new RequestIds(message.clientMsgId(), null);
		validate(message, ids);
		return answer(ids, () -> this.messages.send(user(principal), message));
	}

	@MessageMapping("/chat.read")
	void read(@Payload ReadMark mark, Principal principal) {
		RequestIds ids = new RequestIds(null, mark.requestId());
		validate(mark, ids);
		answer(ids, () -> this.conversations.markRead(user(principal), new ConversationId(mark.conversationId()),
				mark.seq()));
	}

	/**
	 * The change reaches every member as a {@code message-recalled} event; nothing else
	 * answers.
	 */
	@MessageMapping("/chat.recall")
	void recall(@Payload Recall recall, Principal principal) {
		RequestIds ids = new RequestIds(null, recall.requestId());
		validate(recall, ids);
		answer(ids,
				() -> this.messages.recall(user(principal), new ConversationId(recall.conversationId()), recall.seq()));
	}

	/**
	 * The change reaches every member as a {@code message-edited} event; nothing else
	 * answers.
	 */
	@MessageMapping("/chat.edit")
	void edit(@Payload Edit edit, Principal principal) {
		RequestIds ids = new RequestIds(null, edit.requestId());
		validate(edit, ids);
		answer(ids, () -> this.messages.edit(user(principal), new ConversationId(edit.conversationId()), edit.seq(),
				edit.text()));
	}

	@MessageMapping("/chat.typing")
	void typing(@Payload TypingNotice notice, Principal principal) {
		validate(notice, RequestIds.NONE);
		answer(RequestIds.NONE, () -> {
			this.messages.typing(user(principal), new ConversationId(notice.conversationId()));
			return null;
		});
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError rejected(ChatRequestRejected ex) {
		return ex.error();
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unreadable(MessageConversionException ex) {
		return ClientError.of(RequestIds.NONE, ErrorCode.MALFORMED_REQUEST,
				"The frame body is not the JSON this destination takes (see docs/protocol.md).", List.of());
	}

	@MessageExceptionHandler
	@SendToUser(destinations = "/queue/errors", broadcast = false)
	ClientError unexpected(Exception ex) {
		log.error("Unexpected failure handling a chat frame", ex);
		return ClientError.of(RequestIds.NONE, ErrorCode.INTERNAL,
				"Something went wrong on our side; it has been logged.", List.of());
	}

	private static <T> T answer(RequestIds ids, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (DomainException ex) {
			throw new ChatRequestRejected(ids, ex.errorCode(), ex.getMessage(), List.of());
		}
	}

	private <T> void validate(T payload, RequestIds ids) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(payload);
		if (!violations.isEmpty()) {
			List<FieldProblem> errors = violations.stream()
				.map((violation) -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
				.sorted(Comparator.comparing(FieldProblem::field))
				.toList();
			String detail = String.join("; ", errors.stream().map((e) -> e.field() + " " + e.message()).toList()) + ".";
			throw new ChatRequestRejected(ids, ErrorCode.VALIDATION_FAILED, detail, errors);
		}
	}

	private static UserId user(Principal principal) {
		return CurrentUser.id((Authentication) principal);
	}

}
