package im.core.webhook;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The waits between attempts. */
class WebhookSettingsTests {

	private final WebhookSettings settings = new WebhookSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(10),
			Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(7));

	@Test
	void theWaitDoublesAfterEachFailureUpToTheLongest() {
		assertThat(this.settings.retryDelay(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.settings.retryDelay(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.settings.retryDelay(3)).isEqualTo(Duration.ofSeconds(40));
		assertThat(this.settings.retryDelay(9)).isEqualTo(Duration.ofSeconds(2560));
		assertThat(this.settings.retryDelay(10)).isEqualTo(Duration.ofHours(1));
		assertThat(this.settings.retryDelay(1_000)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void aLeaseOutlastsAnAttempt() {
		assertThat(this.settings.lease()).isGreaterThan(this.settings.timeout().multipliedBy(2));
	}

}
