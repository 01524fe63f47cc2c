package im.core.audit;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Puts refused attempts on the audit trail (an administrative operation refused to a
 * user, a refused API key, a blocked sign-in address) without letting a flood of them
 * fill it: the first attempt of a kind (same who, what, on what, from where, answer) is
 * recorded at once, its repeats as one line when the window
 * ({@code IM_AUDIT_REPEAT_WINDOW}, a minute) is over. Past {@value #MAX_KINDS} kinds in a
 * window, one line says how many more were refused.
 */
@Service
public class RefusedAttempts {

	static final int MAX_KINDS = 1_000;

	private final AuditLog audit;

	/** The kinds recorded in this window, and how often each came again since. */
	private final Map<Kind, AtomicInteger> repeats = new ConcurrentHashMap<>();

	private final AtomicInteger untold = new AtomicInteger();

	private final String within;

	RefusedAttempts(AuditLog audit, @Value("${im.audit.repeat-window:1m}") Duration window) {
		this.audit = audit;
		this.within = "within " + window.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	/**
	 * @param actor who tried ({@code user:<id> (<username>)}, {@code anonymous},
	 * {@code api-key:<id>}, a username)
	 * @param action what was refused, starting with the word that says so
	 * @param status the HTTP status the attempt was answered with
	 */
	public void record(String actor, String action, String target, String clientAddress, int status) {
		Kind kind = new Kind(actor, action, target, clientAddress, status);
		AtomicInteger seen = this.repeats.get(kind);
		if (seen != null) {
			seen.incrementAndGet();
			return;
		}
		if (this.repeats.size() >= MAX_KINDS) {
			this.untold.incrementAndGet();
			return;
		}
		if (this.repeats.putIfAbsent(kind, new AtomicInteger()) == null) {
			this.audit.record(actor, action, target, clientAddress, status);
		}
		else {
			this.repeats.get(kind).incrementAndGet();
		}
	}

	/** At the end of each window: the repeats of each kind as one line. */
	@Scheduled(fixedRateString = "${im.audit.repeat-window:1m}", initialDelayString = "${im.audit.repeat-window:1m}")
	public void closeTheWindow() {
		for (Kind kind : this.repeats.keySet()) {
			AtomicInteger count = this.repeats.remove(kind);
			int more = (count != null) ? count.get() : 0;
			if (more > 0) {
				this.audit.record(kind.actor(), kind.action() + " (" + more + " more " + this.within + ")",
						kind.target(), kind.clientAddress(), kind.status());
			}
		}
		int untold = this.untold.getAndSet(0);
		if (untold > 0) {
			this.audit.record("various", "refused: " + untold + " more attempts of other kinds " + this.within, null,
					null, 0);
		}
	}

	private record Kind(String actor, String action, String target, String clientAddress, int status) {

	}

}
