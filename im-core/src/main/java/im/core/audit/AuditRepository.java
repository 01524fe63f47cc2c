package im.core.audit;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Insert and read only: the trail offers no way to change or remove an entry. */
interface AuditRepository extends Repository<AuditEntry, Long> {

	AuditEntry save(AuditEntry entry);

	@Query("""
			select e from AuditEntry e
			where lower(e.actor) like :actor escape '\\'
			  and lower(e.action) like :action escape '\\'
			  and lower(coalesce(e.target, '')) like :target escape '\\'
			  and e.at >= :from and e.at < :to
			order by e.at desc, e.id desc
			""")
	Page<AuditEntry> search(String actor, String action, String target, Instant from, Instant to, Pageable page);

}
