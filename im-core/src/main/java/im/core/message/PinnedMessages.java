package im.core.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationKind;
import im.core.conversation.ConversationMembers;
import im.core.conversation.MemberRole;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.message.MessageEvent.MessagePinned;
import im.core.message.MessageEvent.MessageUnpinned;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages pinned in a conversation, listed in its details: in a group its owner and
 * admins pin and unpin, in a direct conversation either member. A recalled message is
 * unpinned. Members hear each change as a {@code message-pinned} or
 * {@code message-unpinned} event.
 */
@Service
@Transactional
public class PinnedMessages {

	/** Pins one conversation may hold: a list people read, not an archive. */
	static final int MAX_PINS = 50;

	private final MessageRepository messages;

	private final MessageViews views;

	private final ConversationMembers members;

	private final NamedParameterJdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PinnedMessages(MessageRepository messages, MessageViews views, ConversationMembers members,
			NamedParameterJdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.messages = messages;
		this.views = views;
		this.members = members;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** Pins the message; answers false if it was pinned already. */
	public boolean pin(UserId actor, ConversationId id, long seq) {
		requirePinner(actor, id);
		Message message = this.messages.lock(id.value(), seq)
			.orElseThrow(() -> MessageRepository.noSuchMessage(id, seq));
		if (message.isRecalled() || message.kind() == MessageKind.SYSTEM) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Message " + seq
					+ (message.isRecalled() ? " was recalled" : " is a system message") + "; it cannot be pinned.");
		}
		MapSqlParameterSource row = new MapSqlParameterSource("conversation", id.value()).addValue("seq", seq);
		Integer pinned = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM pinned_messages WHERE conversation_id = :conversation AND seq = :seq", row,
				Integer.class);
		if (pinned != null && pinned > 0) {
			return false;
		}
		// counted, not locked (the conversation's row is the posting lock): two pins at
		// the
		// same moment may pass the limit by one
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM pinned_messages WHERE conversation_id = :conversation", row, Integer.class);
		if (count != null && count >= MAX_PINS) {
			throw new DomainException(ErrorCode.LIMIT_REACHED,
					"A conversation holds at most " + MAX_PINS + " pinned messages; unpin one first.");
		}
		Instant now = this.clock.instant();
		this.jdbc.update(
				"INSERT INTO pinned_messages (conversation_id, seq, pinned_by, pinned_at) "
						+ "VALUES (:conversation, :seq, :by, :at)",
				row.addValue("by", actor.value()).addValue("at", Timestamp.from(now)));
		this.events.publishEvent(
				new MessagePinned(id.value(), seq, message.id(), actor.value(), now, this.members.memberIds(id)));
		return true;
	}

	/** Unpins the message; answers false if it was not pinned. */
	public boolean unpin(UserId actor, ConversationId id, long seq) {
		requirePinner(actor, id);
		Message message = this.messages.findByConversationIdAndSeq(id.value(), seq)
			.orElseThrow(() -> MessageRepository.noSuchMessage(id, seq));
		if (forget(id, seq) == 0) {
			return false;
		}
		this.events.publishEvent(
				new MessageUnpinned(id.value(), seq, message.id(), actor.value(), this.members.memberIds(id)));
		return true;
	}

	/** The conversation's pinned messages, the latest pin first; for its members. */
	@Transactional(readOnly = true)
	public List<PinnedMessage> pins(UserId reader, ConversationId id) {
		this.members.kindFor(reader, id);
		List<Object[]> rows = this.jdbc.query(
				"SELECT seq, pinned_by, pinned_at FROM pinned_messages WHERE conversation_id = :conversation "
						+ "ORDER BY pinned_at DESC, seq DESC",
				new MapSqlParameterSource("conversation", id.value()),
				(rs, n) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant() });
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<Long, ChatMessage> bySeq = new HashMap<>();
		for (ChatMessage message : this.views.views(this.messages.findByConversationIdAndSeqIn(id.value(),
				rows.stream().map((r) -> (Long) r[0]).toList()))) {
			bySeq.put(message.seq(), message);
		}
		List<PinnedMessage> pins = new ArrayList<>();
		for (Object[] row : rows) {
			pins.add(new PinnedMessage(bySeq.get((Long) row[0]), (Long) row[1], (Instant) row[2]));
		}
		return pins;
	}

	/** Unpins without telling: a recalled message's pin goes with it. */
	int forget(ConversationId id, long seq) {
		return this.jdbc.update("DELETE FROM pinned_messages WHERE conversation_id = :conversation AND seq = :seq",
				new MapSqlParameterSource("conversation", id.value()).addValue("seq", seq));
	}

	private void requirePinner(UserId actor, ConversationId id) {
		MemberRole role = this.members.roleToChange(id, actor);
		if (this.members.kindFor(actor, id) == ConversationKind.GROUP && role != MemberRole.OWNER
				&& role != MemberRole.ADMIN) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Only the owner and admins of the group may pin messages.");
		}
	}

}
