package im.api.chat;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import im.core.paging.PageResponse;
import im.api.security.CurrentUser;
import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationService;
import im.core.conversation.ConversationSummary;
import im.core.conversation.GroupChange;
import im.core.conversation.GroupManagement;
import im.core.conversation.Member;
import im.core.conversation.MemberRole;
import im.core.conversation.NewGroup;
import im.core.message.ChatMessage;
import im.core.message.MessageKind;
import im.core.message.MessagePage;
import im.core.message.MessageService;
import im.core.message.SendMessage;
import im.core.message.SendReceipt;
import im.core.paging.PageNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "Direct and group conversations, their members and messages")
class ConversationController {

	private final ConversationService conversations;

	private final GroupManagement groups;

	private final MessageService messages;

	ConversationController(ConversationService conversations, GroupManagement groups, MessageService messages) {
		this.conversations = conversations;
		this.groups = groups;
		this.messages = messages;
	}

	@GetMapping
	@Operation(summary = "My conversations",
			description = "The caller's conversations, most recently active first, each with its last message, the "
					+ "caller's read mark and unread count. Paged: 'page' from 0 to 1,000,000, 'size' 1 to 100.")
	PageResponse<ConversationSummary> list(Authentication auth, @RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return PageResponse.of(this.conversations.conversations(CurrentUser.id(auth), page, size), (c) -> c);
	}

	@PostMapping("/direct")
	@Operation(summary = "Open a direct conversation",
			description = "Returns the one conversation between the caller and the given user, creating it on first use.")
	ConversationSummary direct(Authentication auth, @Valid @RequestBody DirectRequest request) {
		return this.conversations.direct(CurrentUser.id(auth), new UserId(request.userId()));
	}

	@PostMapping("/groups")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a group",
			description = "The caller becomes the owner; the listed users become members. At most IM_MAX_GROUP_SIZE "
					+ "members (409 group-full). A system message records the creation.")
	ResponseEntity<ConversationSummary> createGroup(Authentication auth, @Valid @RequestBody NewGroup group) {
		ConversationSummary created = this.conversations.createGroup(CurrentUser.id(auth), group);
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One conversation", description = "As in the list; members only (403 not-a-member).")
	ConversationSummary get(Authentication auth, @PathVariable long id) {
		return this.conversations.conversation(CurrentUser.id(auth), new ConversationId(id));
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a group",
			description = "Owner and admins change name, description, avatarUrl or announcement. Fields left out or null "
					+ "stay; an empty string clears description, avatar or announcement. Members receive a "
					+ "'group-updated' event and a system message records it.")
	ConversationSummary updateGroup(Authentication auth, @PathVariable long id,
			@Valid @RequestBody GroupChange change) {
		return this.groups.updateGroup(CurrentUser.id(auth), new ConversationId(id), change);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Dissolve a group",
			description = "The owner dissolves the group: members keep its history, read-only; posting and changes "
					+ "answer 410 group-dissolved. Members receive a 'group-dissolved' event.")
	ResponseEntity<Void> dissolve(Authentication auth, @PathVariable long id) {
		this.groups.dissolve(CurrentUser.id(auth), new ConversationId(id));
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/{id}/mute")
	@Operation(summary = "Mute or unmute the whole group",
			description = "While muted, only the owner and admins may post; others get 403 muted. Owner and admins only.")
	ConversationSummary muteAll(Authentication auth, @PathVariable long id,
			@Valid @RequestBody MuteAllRequest request) {
		return this.groups.muteAll(CurrentUser.id(auth), new ConversationId(id), request.muted());
	}

	@PostMapping("/{id}/owner")
	@Operation(summary = "Hand the group over",
			description = "The owner makes another member the owner and becomes an admin. Members receive an "
					+ "'owner-changed' event.")
	List<Member> transferOwnership(Authentication auth, @PathVariable long id,
			@Valid @RequestBody OwnerRequest request) {
		return this.groups.transferOwnership(CurrentUser.id(auth), new ConversationId(id),
				new UserId(request.userId()));
	}

	@PutMapping("/{id}/members/{userId}/role")
	@Operation(summary = "Make a member admin, or admin member",
			description = "The owner sets the role of a member to ADMIN or MEMBER. Members receive a 'role-changed' event.")
	List<Member> setRole(Authentication auth, @PathVariable long id, @PathVariable long userId,
			@Valid @RequestBody RoleRequest request) {
		return this.groups.setRole(CurrentUser.id(auth), new ConversationId(id), new UserId(userId), request.role());
	}

	@PutMapping("/{id}/members/{userId}/mute")
	@Operation(summary = "Mute a member until a time",
			description = "Owner and admins mute a member until 'until' (in the future); only the owner mutes admins; the "
					+ "owner cannot be muted. A muted member's sends answer 403 muted.")
	List<Member> mute(Authentication auth, @PathVariable long id, @PathVariable long userId,
			@Valid @RequestBody MuteRequest request) {
		return this.groups.muteMember(CurrentUser.id(auth), new ConversationId(id), new UserId(userId),
				request.until());
	}

	@DeleteMapping("/{id}/members/{userId}/mute")
	@Operation(summary = "Unmute a member", description = "Owner and admins lift a member's mute.")
	List<Member> unmute(Authentication auth, @PathVariable long id, @PathVariable long userId) {
		return this.groups.muteMember(CurrentUser.id(auth), new ConversationId(id), new UserId(userId), null);
	}

	@GetMapping("/{id}/members")
	@Operation(summary = "Members", description = "Members with role and read mark, longest-standing first.")
	List<Member> members(Authentication auth, @PathVariable long id) {
		return this.conversations.members(CurrentUser.id(auth), new ConversationId(id));
	}

	@PostMapping("/{id}/members")
	@Operation(summary = "Add members to a group",
			description = "Owner and admins only. Users already in the group are ignored. Members are told on "
					+ "/user/queue/events and a system message records it.")
	List<Member> addMembers(Authentication auth, @PathVariable long id, @Valid @RequestBody AddMembersRequest request) {
		return this.conversations.addMembers(CurrentUser.id(auth), new ConversationId(id), request.userIds());
	}

	@DeleteMapping("/{id}/members/{userId}")
	@Operation(summary = "Remove a member, or leave",
			description = "Removing yourself leaves the group. Owner and admins remove members; only the owner removes "
					+ "admins; the owner cannot be removed. An owner who leaves hands the group on.")
	ResponseEntity<Void> removeMember(Authentication auth, @PathVariable long id, @PathVariable long userId) {
		this.conversations.removeMember(CurrentUser.id(auth), new ConversationId(id), new UserId(userId));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/messages")
	@Operation(summary = "History",
			description = "A contiguous run of messages ascending by seq. 'afterSeq': the oldest after it (use to catch "
					+ "up); 'beforeSeq': the newest before it (use to scroll back); both: the range between; neither: "
					+ "the latest. 'hasMore' true means the range holds more than 'limit' (1 to 200): ask again from "
					+ "the last seq received. 'lastSeq' is the conversation's latest seq.")
	MessagePage history(Authentication auth, @PathVariable long id,
			@RequestParam(required = false) @PositiveOrZero Long afterSeq,
			@RequestParam(required = false) @Positive Long beforeSeq,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return this.messages.history(CurrentUser.id(auth), new ConversationId(id), afterSeq, beforeSeq, limit);
	}

	@PostMapping("/{id}/messages")
	@ApiResponse(responseCode = "201", description = "Stored: the acknowledgement",
			content = @Content(schema = @Schema(implementation = SendReceipt.class)))
	@ApiResponse(responseCode = "200",
			description = "A retry of a clientMsgId already stored: the first acknowledgement, 'duplicate': true",
			content = @Content(schema = @Schema(implementation = SendReceipt.class)))
	@Operation(summary = "Send a message",
			description = "The same operation as STOMP /app/chat.send, for integrators and bots. 201 with the "
					+ "acknowledgement; a retry with the same clientMsgId answers 200 with the first acknowledgement "
					+ "and 'duplicate': true, storing nothing new.")
	ResponseEntity<SendReceipt> send(Authentication auth, @PathVariable long id,
			@Valid @RequestBody SendRequest request) {
		SendMessage message = new SendMessage(id, request.clientMsgId(), request.type(), request.text(),
				request.replyToSeq(), request.mediaId());
		SendReceipt receipt = CurrentUser.isBot(auth) ? this.messages.sendAsBot(CurrentUser.id(auth), message)
				: this.messages.send(CurrentUser.id(auth), message);
		return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
	}

	@DeleteMapping("/{id}/messages/{seq}")
	@Operation(summary = "Recall a message",
			description = "The sender may recall within IM_RECALL_WINDOW (2 minutes); a group's owner and admins at any "
					+ "time. The message keeps its seq, loses its text, and shows 'recalled': true; members receive a "
					+ "'message-recalled' event. Recalling twice is harmless.")
	ChatMessage recall(Authentication auth, @PathVariable long id, @PathVariable long seq) {
		return this.messages.recall(CurrentUser.id(auth), new ConversationId(id), seq);
	}

	@PatchMapping("/{id}/messages/{seq}")
	@Operation(summary = "Edit a message",
			description = "The sender replaces the text of a TEXT or LINK message within IM_EDIT_WINDOW (24 hours). "
					+ "Members receive a 'message-edited' event; history shows the new text and 'editedAt'.")
	ChatMessage edit(Authentication auth, @PathVariable long id, @PathVariable long seq,
			@Valid @RequestBody EditRequest request) {
		return this.messages.edit(CurrentUser.id(auth), new ConversationId(id), seq, request.text());
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "Mark read",
			description = "Moves the caller's read mark up to 'seq' (never back). The other members receive a 'read' "
					+ "event on /user/queue/events.")
	ReadResponse read(Authentication auth, @PathVariable long id, @Valid @RequestBody ReadRequest request) {
		return new ReadResponse(
				this.conversations.markRead(CurrentUser.id(auth), new ConversationId(id), request.seq()));
	}

	record DirectRequest(@NotNull Long userId) {
	}

	record AddMembersRequest(@NotEmpty @Size(max = 500) List<@NotNull Long> userIds) {
	}

	record SendRequest(@NotBlank @Size(max = 64) String clientMsgId, @NotNull MessageKind type, String text,
			@Positive Long replyToSeq, @Size(max = 36) String mediaId) {
	}

	record ReadRequest(@NotNull @PositiveOrZero Long seq) {
	}

	record EditRequest(@NotNull String text) {
	}

	record MuteAllRequest(@NotNull Boolean muted) {
	}

	record OwnerRequest(@NotNull Long userId) {
	}

	record RoleRequest(@NotNull MemberRole role) {
	}

	record MuteRequest(@NotNull Instant until) {
	}

	record ReadResponse(long readSeq) {
	}

}
