package im.core.account;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, Long> {

	Optional<Account> findByUsername(String username);

	boolean existsByUsername(String username);

	List<Account> findByUsernameIn(Collection<String> usernames);

	long countByRoleAndBannedAtIsNull(Role role);

	/**
	 * {@code pattern} is a lower-case LIKE pattern whose own wildcards are escaped with
	 * '\'.
	 */
	@Query("""
			select a from Account a
			where a.username like :pattern escape '\\'
			   or lower(a.displayName) like :pattern escape '\\'
			""")
	Page<Account> search(String pattern, Pageable pageable);

	List<Account> findByBotTrueOrderByIdDesc();

	@Query("""
			select a from Account a
			where a.updatedAt > :updatedAfter or (a.updatedAt = :updatedAfter and a.id > :afterId)
			order by a.updatedAt, a.id
			""")
	List<Account> changedSince(Instant updatedAfter, long afterId, Limit limit);

}
