package im.core.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, Long> {

	Optional<RefreshToken> findByTokenHash(String tokenHash);

	/**
	 * Marks a token used, only if nobody did before: of two concurrent refreshes with one
	 * token exactly one sees 1 here.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update RefreshToken t set t.rotatedAt = :now where t.id = :id and t.rotatedAt is null and t.revokedAt is null")
	int markRotated(Long id, Instant now);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update RefreshToken t set t.revokedAt = :now where t.familyId = :familyId and t.revokedAt is null")
	int revokeFamily(UUID familyId, Instant now);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update RefreshToken t set t.revokedAt = :now where t.userId = :userId and t.revokedAt is null")
	int revokeAllOfUser(long userId, Instant now);

	/** The user's sign-ins (families) revoked at or after the time given. */
	@Query("select distinct t.familyId from RefreshToken t where t.userId = :userId and t.revokedAt >= :since")
	Set<UUID> familiesRevokedSince(long userId, Instant since);

	@Modifying
	@Query("delete from RefreshToken t where t.expiresAt < :before")
	int deleteExpiredBefore(Instant before);

}
