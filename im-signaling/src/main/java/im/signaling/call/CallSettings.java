package im.signaling.call;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Call limits.
 *
 * @param maxParticipants connections one call may hold: every participant sends media to
 * every other (a mesh), so a few ({@code IM_CALL_MAX_PARTICIPANTS})
 * @param ringTimeout how long a call rings before it ends unanswered
 * ({@code IM_CALL_RING_TIMEOUT})
 * @param maxSdpSize the largest session description an offer or answer may carry
 * @param maxCandidateSize the largest ICE candidate line
 * @param maxSignals signals (offers, answers, candidates) one user may send per
 * {@code signalWindow}, over all devices ({@code IM_CALL_MAX_SIGNALS})
 * @param signalWindow the window {@code maxSignals} is counted in
 */
@ConfigurationProperties("im.calls")
public record CallSettings(@DefaultValue("6") int maxParticipants, @DefaultValue("30s") Duration ringTimeout,
		@DefaultValue("16KB") DataSize maxSdpSize, @DefaultValue("1KB") DataSize maxCandidateSize,
		@DefaultValue("300") int maxSignals, @DefaultValue("10s") Duration signalWindow) {

}
