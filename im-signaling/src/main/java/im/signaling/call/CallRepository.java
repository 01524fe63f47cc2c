package im.signaling.call;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface CallRepository extends JpaRepository<Call, Long> {

	/**
	 * SELECT ... FOR UPDATE: changes to one call (joins, leaves, its end) happen one at a
	 * time, whichever instance makes them.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Call c where c.id = :id")
	Optional<Call> lockById(long id);

	/** The conversation's running call, locked. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select count(c) from Call c where c.activeConversationId is not null")
	long countRunning();

	@Query("select c from Call c where c.activeConversationId = :conversationId")
	Optional<Call> lockRunningIn(long conversationId);

	/** The calls running in any of the conversations, oldest first. */
	@Query("select c from Call c where c.activeConversationId in :conversationIds order by c.id")
	List<Call> runningIn(Collection<Long> conversationIds);

	@Query("select c.id from Call c where c.state = im.signaling.call.CallState.RINGING and c.ringUntil < :now")
	List<Long> ringingUntil(Instant now);

}
