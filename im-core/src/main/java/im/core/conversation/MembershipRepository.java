package im.core.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MembershipRepository extends JpaRepository<Membership, Membership.Key> {

	Optional<Membership> findByConversationIdAndUserId(long conversationId, long userId);

	List<Membership> findByConversationIdOrderByJoinedAtAscUserIdAsc(long conversationId);

	long countByConversationId(long conversationId);

	/** Rows of (conversation id, member count) for the conversations. */
	@Query("select m.conversationId, count(m) from Membership m where m.conversationId in :ids group by m.conversationId")
	List<Object[]> memberCounts(Collection<Long> ids);

	/**
	 * Rows of (conversation id, count) of the messages after the user's read mark that
	 * mention them (by name or {@code @all}) and still stand, for the conversations.
	 */
	@Query(value = """
			SELECT mm.conversation_id, COUNT(*) FROM message_mentions mm
			JOIN conversation_members cm ON cm.conversation_id = mm.conversation_id AND cm.user_id = mm.user_id
			JOIN messages m ON m.conversation_id = mm.conversation_id AND m.seq = mm.seq
			WHERE mm.user_id = :userId AND mm.conversation_id IN (:ids) AND mm.seq > cm.read_seq
			AND m.recalled_at IS NULL
			GROUP BY mm.conversation_id
			""", nativeQuery = true)
	List<Object[]> unreadMentions(long userId, Collection<Long> ids);

	/**
	 * Rows of (conversation id, other member) for the direct conversations among them.
	 */
	@Query("""
			select m.conversationId, m.userId from Membership m join Conversation c on c.id = m.conversationId
			where m.conversationId in :ids and c.kind = :kind and m.userId <> :userId
			""")
	List<Object[]> othersIn(Collection<Long> ids, long userId, ConversationKind kind);

	/** Everyone who shares at least one conversation with the user. */
	@Query("""
			select distinct other.userId from Membership mine join Membership other
			on other.conversationId = mine.conversationId
			where mine.userId = :userId and other.userId <> :userId
			""")
	List<Long> contactsOf(long userId);

	@Query("select m.conversationId from Membership m where m.userId = :userId")
	List<Long> conversationIdsOf(long userId);

	@Query("select m.userId from Membership m where m.conversationId = :conversationId")
	List<Long> memberIds(long conversationId);

	/**
	 * The member's conversations, most recently active first, each with the member's own
	 * row.
	 */
	@Query(value = """
			select c, m from Membership m join Conversation c on c.id = m.conversationId
			where m.userId = :userId
			order by c.lastActivityAt desc, c.id desc
			""", countQuery = "select count(m) from Membership m where m.userId = :userId")
	Page<Object[]> conversationsOf(long userId, Pageable pageable);

}
