package im.core;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Infrastructure every core feature shares. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoreConfiguration {

	/** One clock for every timestamp, so that tests can move time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * bcrypt today; the delegating encoder records the algorithm in each hash so a later
	 * change of algorithm upgrades hashes at the next sign-in instead of invalidating
	 * them.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
