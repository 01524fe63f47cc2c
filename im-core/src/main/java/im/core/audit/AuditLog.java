package im.core.audit;

import java.time.Clock;
import java.time.Instant;

import im.core.text.LikePatterns;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records administrative actions and finds them again. */
@Service
public class AuditLog {

	private final AuditRepository entries;

	private final Clock clock;

	AuditLog(AuditRepository entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	/**
	 * Records an action in a transaction of its own: an action that failed and rolled
	 * back is still on record.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public AuditRecord record(String actor, String action, String target, String clientAddress, int status) {
		return this.entries
			.save(new AuditEntry(this.clock.instant(), truncate(actor, 64), truncate(action, 160),
					truncate(target, 256), truncate(clientAddress, 64), status))
			.toRecord();
	}

	/**
	 * Entries newest first. Each text criterion matches as a case-insensitive substring;
	 * null matches everything.
	 */
	@Transactional(readOnly = true)
	public Page<AuditRecord> search(String actor, String action, String target, Instant from, Instant to, int page,
			int size) {
		return this.entries
			.search(LikePatterns.containing(actor), LikePatterns.containing(action), LikePatterns.containing(target),
					(from != null) ? from : Instant.EPOCH, (to != null) ? to : Instant.parse("9999-12-31T00:00:00Z"),
					PageRequest.of(page, size))
			.map(AuditEntry::toRecord);
	}

	private static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}
