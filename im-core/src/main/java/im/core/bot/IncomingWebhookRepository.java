package im.core.bot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface IncomingWebhookRepository extends JpaRepository<IncomingWebhook, Long> {

	Optional<IncomingWebhook> findByTokenHash(String tokenHash);

	List<IncomingWebhook> findAllByOrderByIdDesc();

	@Transactional
	@Modifying
	@Query("update IncomingWebhook h set h.lastUsedAt = :at where h.id = :id")
	int recordUse(long id, Instant at);

}
