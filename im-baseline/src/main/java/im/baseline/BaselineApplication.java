package im.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * What a Spring chat starts from: STOMP at {@code /ws} on Spring's simple broker with its
 * defaults, and an HTTP endpoint that publishes to a topic. The benchmarks run the same
 * load against it and against the platform (docs/benchmarks.md). It has no security and
 * no storage on purpose: it is the floor, not a product.
 */
@SpringBootApplication
public class BaselineApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

}
