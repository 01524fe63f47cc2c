package im.core.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Who an integrator's key stands for, on every request, with the database asked at most
 * once a second per key: the rules of {@link ApiKeyAuthenticator} without an application
 * (the integrator API's tests drive the same over HTTP).
 */
class ApiKeyAuthenticatorTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private static final String PRESENTED = "imk_test_0123456789abcdef";

	private final ApiKeyRepository keys = mock(ApiKeyRepository.class);

	private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(this.keys, new SecondWindows(),
			new ApiKeySettings(3), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aKeyStandsForItsCallerAndTheDatabaseIsAskedOnceWithinASecond() {
		ApiKey key = stored(7, Set.of(ApiKeyScope.PUSH, ApiKeyScope.ROOMS));

		ApiKeyCaller first = this.authenticator.authenticate(PRESENTED);
		ApiKeyCaller second = this.authenticator.authenticate(PRESENTED);

		assertThat(first).isEqualTo(new ApiKeyCaller(7, "pusher", Set.of(ApiKeyScope.PUSH, ApiKeyScope.ROOMS), null));
		assertThat(second).isEqualTo(first);
		verify(this.keys, times(1)).findByKeyHash(key.keyHash());
	}

	@Test
	void anUnknownKeyIsRefusedAndSoIsItsNextTryWithoutAnotherLookUp() {
		when(this.keys.findByKeyHash(anyString())).thenReturn(Optional.empty());

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(DomainException.class)
				.isThrownBy(() -> this.authenticator.authenticate(PRESENTED))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.API_KEY_INVALID));
		}
		verify(this.keys, times(1)).findByKeyHash(ApiKeyHashes.of(PRESENTED));
	}

	@Test
	void aKeyRevokedInTheDatabaseIsRefused() {
		ApiKey key = stored(7, Set.of(ApiKeyScope.PUSH));
		key.revoke(NOW);

		assertThatExceptionOfType(DomainException.class).isThrownBy(() -> this.authenticator.authenticate(PRESENTED))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.API_KEY_INVALID));
	}

	@Test
	void aKeyRevokedOnThisInstanceIsRefusedAtOnceWhateverTheDatabaseSaidAMomentAgo() {
		ApiKey key = stored(7, Set.of(ApiKeyScope.PUSH));
		this.authenticator.authenticate(PRESENTED);

		this.authenticator.revoked(key.keyHash());

		assertThatExceptionOfType(DomainException.class).isThrownBy(() -> this.authenticator.authenticate(PRESENTED))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.API_KEY_INVALID));
	}

	@Test
	void pastItsRateAKeyIsToldWhenToComeBack() {
		stored(7, Set.of(ApiKeyScope.PUSH));
		for (int i = 0; i < 3; i++) {
			this.authenticator.authenticate(PRESENTED);
		}

		assertThatExceptionOfType(DomainException.class).isThrownBy(() -> this.authenticator.authenticate(PRESENTED))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(1));
			});
	}

	@Test
	void aKeysLatestUseIsWrittenOnceAndOnlyOnce() {
		stored(7, Set.of(ApiKeyScope.PUSH));
		this.authenticator.authenticate(PRESENTED);
		this.authenticator.authenticate(PRESENTED);
		assertThat(this.authenticator.unwrittenUse(7)).isEqualTo(NOW);

		this.authenticator.writeUses();
		this.authenticator.writeUses();

		verify(this.keys, times(1)).recordUse(7, NOW);
		assertThat(this.authenticator.unwrittenUse(7)).isNull();
	}

	@Test
	void aRefusedKeyLeavesNoUseToWrite() {
		when(this.keys.findByKeyHash(anyString())).thenReturn(Optional.empty());
		assertThatExceptionOfType(DomainException.class).isThrownBy(() -> this.authenticator.authenticate(PRESENTED));

		this.authenticator.writeUses();

		verify(this.keys, never()).recordUse(anyLong(), any());
	}

	/** A key the repository finds by the hash of {@link #PRESENTED}. */
	private ApiKey stored(long id, Set<ApiKeyScope> scopes) {
		ApiKey key = new ApiKey("pusher", "imk_test", ApiKeyHashes.of(PRESENTED), scopes, 1, NOW);
		ReflectionTestUtils.setField(key, "id", id);
		when(this.keys.findByKeyHash(key.keyHash())).thenReturn(Optional.of(key));
		return key;
	}

	/** One-second windows that never end: the test's clock stands still. */
	private static final class SecondWindows implements WindowCounters {

		private final Map<String, Long> counts = new HashMap<>();

		@Override
		public Window increment(String key, Duration window) {
			return new Window(this.counts.merge(key, 1L, Long::sum), NOW.plus(window));
		}

		@Override
		public Window current(String key) {
			return new Window(this.counts.getOrDefault(key, 0L), NOW.plusSeconds(1));
		}

		@Override
		public void reset(String key) {
			this.counts.remove(key);
		}

	}

}
