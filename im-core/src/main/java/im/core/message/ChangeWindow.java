package im.core.message;

import java.time.Duration;
import java.time.Instant;

import im.core.error.DomainException;
import im.core.error.ErrorCode;

/**
 * How long after sending a message may still be changed (recalled, edited), and the
 * refusal once it may not, with the window in words ("2 minutes", "24 hours").
 */
final class ChangeWindow {

	private ChangeWindow() {
	}

	/**
	 * Refuses the change if {@code now} is past the window counted from {@code sentAt}.
	 */
	static void require(Instant now, Instant sentAt, Duration window, String action) {
		if (now.isAfter(sentAt.plus(window))) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Messages can be " + action + " for " + describe(window) + " after sending; this one is older.");
		}
	}

	static String describe(Duration window) {
		if (window.toHours() >= 1 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
			return count(window.toHours(), "hour");
		}
		if (window.toMinutes() >= 1 && window.toSecondsPart() == 0) {
			return count(window.toMinutes(), "minute");
		}
		return count(window.toSeconds(), "second");
	}

	private static String count(long n, String unit) {
		return n + " " + unit + ((n == 1) ? "" : "s");
	}

}
