package im.core.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import im.core.conversation.ConversationId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

	long countByCreatedAtGreaterThanEqual(Instant since);

	Optional<Message> findBySenderIdAndClientMsgId(Long senderId, String clientMsgId);

	Optional<Message> findByConversationIdAndSeq(long conversationId, long seq);

	/** What a request about a message that is not there is answered. */
	static DomainException noSuchMessage(ConversationId conversation, long seq) {
		return new DomainException(ErrorCode.NOT_FOUND,
				"Conversation " + conversation + " has no message " + seq + ".");
	}

	List<Message> findByConversationIdAndSeqIn(long conversationId, List<Long> seqs);

	/**
	 * The message, its row locked until the transaction ends: its reactions and pin
	 * change one at a time, so their limits hold.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select m from Message m where m.conversationId = :conversationId and m.seq = :seq")
	Optional<Message> lock(long conversationId, long seq);

	/** The conversations where the media was posted in a message that still stands. */
	@Query("select distinct m.conversationId from Message m where m.mediaId = :mediaId and m.recalledAt is null")
	List<Long> conversationsShowing(String mediaId);

	@Query("""
			select m from Message m where m.conversationId = :conversationId and m.seq > :after and m.seq < :before
			order by m.seq asc
			""")
	List<Message> ascending(long conversationId, long after, long before, Pageable limit);

	@Query("""
			select m from Message m where m.conversationId = :conversationId and m.seq > :after and m.seq < :before
			order by m.seq desc
			""")
	List<Message> descending(long conversationId, long after, long before, Pageable limit);

}
