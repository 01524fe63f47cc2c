package im.core.push;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Push limits.
 *
 * @param maxPayloadSize the largest payload, as JSON ({@code IM_PUSH_MAX_PAYLOAD_SIZE})
 * @param maxTargets users or devices one push may name ({@code IM_PUSH_MAX_TARGETS})
 * @param maxBatch pushes one batch request may carry ({@code IM_PUSH_MAX_BATCH})
 */
@ConfigurationProperties("im.push")
public record PushSettings(@DefaultValue("8KB") DataSize maxPayloadSize, @DefaultValue("1000") int maxTargets,
		@DefaultValue("100") int maxBatch) {

}
