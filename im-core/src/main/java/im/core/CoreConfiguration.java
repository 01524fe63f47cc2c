package im.core;

import java.time.Clock;

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
		this.tasks.initialize();
		registrar.setTaskScheduler(this.tasks);
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
