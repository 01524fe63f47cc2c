package im.core.apikey;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key limits.
 *
 * @param maxRequestsPerSecond requests one key may make per second, over all instances
 * ({@code IM_API_KEY_MAX_REQUESTS_PER_SECOND}); beyond it 429 with {@code Retry-After}
 */
@ConfigurationProperties("im.api-keys")
public record ApiKeySettings(@DefaultValue("50") int maxRequestsPerSecond) {

}
