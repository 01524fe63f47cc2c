package im.core.conversation;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The statements of posting a batch of messages, in plain JDBC: the hottest path of the
 * platform, where each statement serves every message of the batch. Run inside the
 * batch's transaction.
 */
@Component
class PostingStatements {

	private static final int[] HEAD_TYPES = { Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE, Types.BIGINT, Types.VARCHAR,
			Types.VARCHAR, Types.BIGINT };

	private static final int[] READ_MARK_TYPES = { Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT };

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	PostingStatements(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	/**
	 * Locks the conversations: those in {@code waitFor} in the order of their ids,
	 * waiting for them, then whichever of the others no other transaction holds, skipping
	 * the rest. A transaction thus only ever waits before it holds anything but locks
	 * taken in id order, so two batches (on two instances) cannot wait on each other; and
	 * a batch does not queue behind the other instance's for a conversation it can store
	 * next time.
	 */
	Map<Long, LockedConversation> lock(Collection<Long> waitFor, Collection<Long> others) {
		Map<Long, LockedConversation> locked = new HashMap<>();
		RowCallbackHandler put = (row) -> {
			long id = row.getLong("id");
			locked.put(id, new LockedConversation(new ConversationId(id), row.getLong("last_seq"),
					row.getBoolean("all_muted"), row.getObject("dissolved_at") != null));
		};
		String select = "SELECT id, last_seq, all_muted, dissolved_at FROM conversations WHERE id IN (:ids) ";
		if (!waitFor.isEmpty()) {
			this.named.query(select + "ORDER BY id FOR UPDATE", Map.of("ids", waitFor), put);
		}
		if (!others.isEmpty()) {
			this.named.query(select + "FOR UPDATE SKIP LOCKED", Map.of("ids", others), put);
		}
		return locked;
	}

	/**
	 * Every member of the conversations, with what decides whether a sender may post: the
	 * account-wide mute an administrator set is read for the senders' rows only.
	 */
	Map<Long, List<PostingMember>> rosters(Collection<Long> ids, Collection<Long> senders) {
		Map<Long, List<PostingMember>> rosters = new HashMap<>();
		this.named.query("""
				SELECT m.conversation_id, m.user_id, m.role, m.muted_until,
				       CASE WHEN m.user_id IN (:senders)
				            THEN (SELECT u.muted_until FROM users u WHERE u.id = m.user_id) END AS account_muted_until
				FROM conversation_members m WHERE m.conversation_id IN (:ids)
				""", Map.of("ids", ids, "senders", senders), (row) -> {
			rosters.computeIfAbsent(row.getLong("conversation_id"), (id) -> new ArrayList<>())
				.add(new PostingMember(row.getLong("user_id"), MemberRole.valueOf(row.getString("role")),
						instant(row.getObject("muted_until", OffsetDateTime.class)),
						instant(row.getObject("account_muted_until", OffsetDateTime.class))));
		});
		return rosters;
	}

	/**
	 * Writes each advanced conversation's head once, and moves each sender's read mark to
	 * their last message (never back: a mark set meanwhile to a later message stays).
	 */
	void write(Collection<LockedConversation> conversations, Map<ReadMark, Long> readMarks) {
		List<Object[]> heads = new ArrayList<>();
		for (LockedConversation conversation : conversations) {
			if (conversation.isAdvanced()) {
				heads.add(new Object[] { conversation.lastSeq(), conversation.lastActivityAt().atOffset(ZoneOffset.UTC),
						conversation.lastSenderId(), conversation.lastMessageKind(), conversation.lastMessageText(),
						conversation.id().value() });
			}
		}
		if (!heads.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE conversations SET last_seq = ?, last_activity_at = ?, last_sender_id = ?, "
					+ "last_message_kind = ?, last_message_text = ? WHERE id = ?", heads, HEAD_TYPES);
		}
		List<Object[]> marks = new ArrayList<>();
		readMarks.forEach((mark, seq) -> marks.add(new Object[] { seq, mark.conversationId(), mark.userId(), seq }));
		if (!marks.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE conversation_members SET read_seq = ? "
					+ "WHERE conversation_id = ? AND user_id = ? AND read_seq < ?", marks, READ_MARK_TYPES);
		}
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/** One member's read mark in one conversation. */
	record ReadMark(long conversationId, long userId) {

	}

}
