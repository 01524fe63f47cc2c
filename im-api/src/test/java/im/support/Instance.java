package im.support;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import im.ImApplication;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the platform in cluster mode that a test starts and stops itself, on a
 * random port, against this run's real services or against servers of the test's own
 * ({@link ClusterServices}).
 */
public final class Instance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private Instance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance named {@code name} (unique to this run).
	 * @param own properties naming the test's own servers, or none
	 * @param args further command-line arguments
	 */
	public static Instance start(String name, Map<String, String> own, String... args) {
		return start(name, own, Duration.ZERO, args);
	}

	/**
	 * {@link #start}, with the instance's clock {@code skew} ahead of the machine's
	 * (behind when negative), as an instance on a host whose clock drifted: everything it
	 * dates and every expiry it checks goes by that clock.
	 */
	public static Instance startWithClockSkew(String name, Duration skew, Map<String, String> own, String... args) {
		return start(name, own, skew, args);
	}

	private static Instance start(String name, Map<String, String> own, Duration skew, String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--server.port=0";
		all[1] = "--im.cluster.instance-id=" + name + "-" + RealServices.RUN_ID;
		System.arraycopy(args, 0, all, 2, args.length);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(ImApplication.class).profiles("test", "cluster")
			.initializers(new ClusterServices(own));
		if (!skew.isZero()) {
			builder.initializers((context) -> context.addBeanFactoryPostProcessor(new SkewedClock(skew)));
		}
		return new Instance(builder.run(all));
	}

	public int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public Api api() {
		return new Api(port());
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Stops the instance, as an operator would; its clients' connections close. */
	@Override
	public void close() {
		if (this.context.isActive()) {
			this.context.close();
		}
	}

	/** Puts a clock off by the skew in place of the application's. */
	private record SkewedClock(Duration skew) implements BeanFactoryPostProcessor {

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
			registry.removeBeanDefinition("clock");
			Duration skew = this.skew;
			registry.registerBeanDefinition("clock",
					new RootBeanDefinition(Clock.class, () -> Clock.offset(Clock.systemUTC(), skew)));
		}

	}

}
