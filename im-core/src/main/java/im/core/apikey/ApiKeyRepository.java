package im.core.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	List<ApiKey> findAllByOrderByIdDesc();

	List<ApiKey> findByBotIdAndRevokedAtIsNull(long botId);

	/** Records a use, unless a later one is recorded (by another instance). */
	@Transactional
	@Modifying
	@Query("update ApiKey k set k.lastUsedAt = :at where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :at)")
	int recordUse(long id, Instant at);

}
