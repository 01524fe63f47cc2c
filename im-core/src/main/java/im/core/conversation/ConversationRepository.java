package im.core.conversation;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ConversationRepository extends JpaRepository<Conversation, Long> {

	Optional<Conversation> findByDirectKey(String directKey);

	/**
	 * Groups whose name matches the lower-case LIKE pattern, most recently active first.
	 */
	@Query("""
			select c from Conversation c where c.kind = im.core.conversation.ConversationKind.GROUP
			and lower(c.name) like :pattern escape '\\'
			order by c.lastActivityAt desc, c.id desc
			""")
	Page<Conversation> searchGroups(String pattern, Pageable pageable);

	/**
	 * SELECT ... FOR UPDATE: posts to one conversation take their sequence numbers one at
	 * a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Conversation c where c.id = :id")
	Optional<Conversation> lockById(long id);

}
