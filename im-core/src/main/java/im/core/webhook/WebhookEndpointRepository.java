package im.core.webhook;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface WebhookEndpointRepository extends JpaRepository<WebhookEndpoint, Long> {

	List<WebhookEndpoint> findAllByOrderByIdDesc();

}
