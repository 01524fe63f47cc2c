package im.core.conversation;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ConversationRepository extends JpaRepository<Conversation, Long> {

	Optional<Conversation> findByDirectKey(String directKey);

	/**
	 * SELECT ... FOR UPDATE: posts to one conversation take their sequence numbers one at
	 * a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Conversation c where c.id = :id")
	Optional<Conversation> lockById(long id);

}
