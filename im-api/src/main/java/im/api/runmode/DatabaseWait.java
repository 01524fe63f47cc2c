package im.api.runmode;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * How long a request waits for a database connection ({@code IM_DB_CONNECTION_WAIT}, 3 s)
 * before it is answered {@code service-unavailable}.
 * <p>
 * Why not the pool's default of 30 s: while the database is not answering, every request
 * that needs it would hold its client and a thread that long, and a batch of sent
 * messages as long again for each retry; a client told at once sends again when it is
 * back (docs/protocol.md, "When the database is not answering").
 */
@Component
class DatabaseWait implements BeanPostProcessor, EnvironmentAware {

	static final String PROPERTY = "im.db.connection-wait";

	private Duration wait = Duration.ofSeconds(3);

	@Override
	public void setEnvironment(Environment environment) {
		this.wait = Binder.get(environment).bind(PROPERTY, Duration.class).orElse(this.wait);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			pool.setConnectionTimeout(this.wait.toMillis());
		}
		return bean;
	}

}
