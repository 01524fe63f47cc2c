package im.signaling.call;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ParticipantRepository extends JpaRepository<CallParticipant, Long> {

	/** Who is in the call now, in the order they joined. */
	@Query("select p from CallParticipant p where p.callId = :callId and p.activeUserId is not null order by p.id")
	List<CallParticipant> inCall(long callId);

	/** The call the user is in, if any. */
	Optional<CallParticipant> findByActiveUserId(long userId);

	/** The part a connection takes in a call, if any. */
	@Query("""
			select p from CallParticipant p
			where p.instanceId = :instanceId and p.sessionId = :sessionId and p.activeUserId is not null
			""")
	Optional<CallParticipant> onSession(String instanceId, String sessionId);

	/** The users who took part in the call, in the order they joined, with repeats. */
	@Query("select p.userId from CallParticipant p where p.callId = :callId order by p.id")
	List<Long> usersIn(long callId);

	/** Everyone in any call, on any instance. */
	List<CallParticipant> findByActiveUserIdIsNotNull();

}
