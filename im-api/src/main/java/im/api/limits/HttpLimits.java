package im.api.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on HTTP requests.
 *
 * @param maxBodySize the largest request body accepted by the JSON API
 * ({@code IM_MAX_REQUEST_BODY}); larger ones are answered 413
 */
@ConfigurationProperties("im.http")
public record HttpLimits(@DefaultValue("1MB") DataSize maxBodySize) {

}
