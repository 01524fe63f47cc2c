package im;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The IM platform: chat, integrator push and WebRTC calls. Its package is the root of
 * every module's packages, so that scanning picks up {@code im.core},
 * {@code im.signaling}, {@code im.admin} and {@code im.api} alike.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ImApplication {

	public static void main(String[] args) {
		SpringApplication.run(ImApplication.class, args);
	}

}
