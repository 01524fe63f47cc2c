package im.core.audit;

import java.time.Instant;

/**
 * One administrative action.
 *
 * @param id its place in the trail
 * @param at when it was done
 * @param actor who did it: {@code user:<id> (<username>)} or {@code api-key:<id>}
 * @param action the operation, as method and route: {@code DELETE
 * /api/v1/admin/api-keys/{id}}
 * @param target what it was done to, from the route: {@code id=7}; null when nothing is
 * named
 * @param clientAddress where the request came from
 * @param status the HTTP status it was answered with: refusals are recorded too
 */
public record AuditRecord(long id, Instant at, String actor, String action, String target, String clientAddress,
		int status) {

}
