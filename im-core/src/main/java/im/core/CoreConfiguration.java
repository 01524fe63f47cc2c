package im.core;

import java.time.Clock;

import im.core.error.Outage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Infrastructure every core feature shares. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoreConfiguration implements SchedulingConfigurer, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CoreConfiguration.class);

	/**
	 * Runs the {@code @Scheduled} work (session heart-beats, outbox drain and sweep,
	 * clean- ups). Left to itself Spring would use the STOMP broker's scheduler, whose
	 * threads also send heart-beats to every client: a task waiting on Kafka or the
	 * database must not hold those up. Not a bean: an {@code Executor} bean would replace
	 * the executors Spring and Boot pick for STOMP frames and other asynchronous work.
	 */
	private final ThreadPoolTaskScheduler tasks = new ThreadPoolTaskScheduler();

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		this.tasks.setPoolSize(4);
		this.tasks.setThreadNamePrefix("im-tasks-");
		this.tasks.setErrorHandler(CoreConfiguration::taskFailed);
		this.tasks.initialize();
		registrar.setTaskScheduler(this.tasks);
	}

	/**
	 * A task that failed because the database or Redis did not answer runs again at its
	 * next time: one line each time, not a stack trace (health reports the outage).
	 */
	private static void taskFailed(Throwable failure) {
		if (Outage.explains(failure)) {
			log.warn("A scheduled task failed, a service it needs is unavailable: {}", failure.toString());
		}
		else {
			log.error("A scheduled task failed", failure);
		}
	}

	@Override
	public void destroy() {
		this.tasks.shutdown();
	}

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
