package im.core.push;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * What a client receives on {@code /user/queue/push}.
 *
 * @param type the integrator's name for it
 * @param payload the integrator's JSON, as sent
 * @param serverTime when the platform took it
 */
public record Push(String type, JsonNode payload, Instant serverTime) {

}
