package im.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform in cluster mode on a random port, against this run's real
 * PostgreSQL, Redis and Kafka. Every class with this annotation and nothing else shares
 * one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(ClusterModeTest.TAG)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "test", "cluster" })
@ContextConfiguration(initializers = ClusterServices.class)
public @interface ClusterModeTest {

	/**
	 * The JUnit tag pom.xml runs these classes by: together in one JVM (surefire
	 * execution {@code cluster-tests}), where they share this context, and apart from
	 * every class that starts instances of its own ({@link OwnJvm}).
	 */
	String TAG = "cluster";

}
