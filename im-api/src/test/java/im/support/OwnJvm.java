package im.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test class that runs in a JVM of its own (pom.xml, surefire execution
 * {@code own-jvm-tests}): it starts cluster instances, whose Redis keys and Kafka topic a
 * context cached by another class would share. The {@link ClusterModeTest} classes run
 * together in one JVM, where they share one context, and every other class in another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(OwnJvm.TAG)
public @interface OwnJvm {

	/** The JUnit tag pom.xml selects these classes by. */
	String TAG = "own-jvm";

}
