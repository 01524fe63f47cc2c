package im.core.message;

import java.time.Duration;
import java.time.Instant;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The recall and edit windows: up to their last instant, and the refusal after it. */
class ChangeWindowTests {

	static final Instant SENT = Instant.parse("2026-12-08T12:00:00Z");

	@Test
	void aChangeAtTheWindowsLastInstantIsAllowed() {
		assertThatNoException()
			.isThrownBy(() -> ChangeWindow.require(SENT.plusSeconds(120), SENT, Duration.ofMinutes(2), "recalled"));
	}

	@Test
	void aChangeAfterTheWindowIsRefusedWithTheWindowInWords() {
		assertThatExceptionOfType(DomainException.class)
			.isThrownBy(() -> ChangeWindow.require(SENT.plusSeconds(121), SENT, Duration.ofMinutes(2), "recalled"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.FORBIDDEN))
			.withMessage("Messages can be recalled for 2 minutes after sending; this one is older.");
	}

	@Test
	void windowsAreDescribedInTheirLargestWholeUnit() {
		assertThat(ChangeWindow.describe(Duration.ofHours(24))).isEqualTo("24 hours");
		assertThat(ChangeWindow.describe(Duration.ofHours(1))).isEqualTo("1 hour");
		assertThat(ChangeWindow.describe(Duration.ofMinutes(90))).isEqualTo("90 minutes");
		assertThat(ChangeWindow.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
		assertThat(ChangeWindow.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
	}

}
