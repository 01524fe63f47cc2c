package im.core.apikey;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	List<ApiKey> findAllByOrderByIdDesc();

}
