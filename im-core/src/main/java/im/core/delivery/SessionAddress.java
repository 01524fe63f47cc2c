package im.core.delivery;

/**
 * Where a connection lives: the instance holding it and its id there (session ids are
 * only unique within one instance).
 */
public record SessionAddress(String instanceId, String sessionId) {

}
