package im.admin.audit;

import java.time.Instant;

import im.core.audit.AuditLog;
import im.core.audit.AuditRecord;
import im.core.paging.PageResponse;
import im.core.paging.PageNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/audit")
@Validated
@Tag(name = "Admin: audit trail",
		description = "Every administrative change (any POST, PUT, PATCH or DELETE under /api/v1/admin), "
				+ "refused ones included: who, what, on what, from where, when, and the status it was answered "
				+ "with. Request bodies are not recorded. There is no operation that changes or removes an entry.")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	@Operation(summary = "Search the audit trail",
			description = "Newest first. Each text filter matches as a case-insensitive substring: 'actor' "
					+ "('user:1 (admin)' or 'api-key:3'), 'action' (method and route, e.g. "
					+ "'DELETE /api/v1/admin/api-keys/{id}'), 'target' (the route's variables, e.g. 'id=3'). "
					+ "'from' is inclusive, 'to' exclusive. Paged: 'page' counts from 0 (to 1,000,000), 'size' is 1 to 200.")
	PageResponse<AuditRecord> search(
			@Parameter(description = "Who did it") @RequestParam(required = false) @Size(max = 64) String actor,
			@Parameter(description = "What was done") @RequestParam(required = false) @Size(max = 160) String action,
			@Parameter(description = "To what") @RequestParam(required = false) @Size(max = 256) String target,
			@Parameter(description = "Not before (ISO-8601)") @RequestParam(required = false) Instant from,
			@Parameter(description = "Before (ISO-8601)") @RequestParam(required = false) Instant to,
			@RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		return PageResponse.of(this.audit.search(actor, action, target, from, to, page, size), (record) -> record);
	}

}
