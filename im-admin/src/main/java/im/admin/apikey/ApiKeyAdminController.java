package im.admin.apikey;

import java.util.List;
import java.util.Set;

import im.core.account.UserId;
import im.core.apikey.ApiKeyInfo;
import im.core.apikey.ApiKeyScope;
import im.core.apikey.ApiKeyService;
import im.core.apikey.CreatedApiKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/api-keys")
@Tag(name = "Admin: API keys", description = "Keys integrators send as X-Api-Key (ADMIN role only)")
class ApiKeyAdminController {

	private final ApiKeyService keys;

	ApiKeyAdminController(ApiKeyService keys) {
		this.keys = keys;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an API key",
			description = "Answers the key once, in 'key': only its hash is kept, so store it now. Scopes: "
					+ "'push' (the push API), 'rooms' (live rooms: create, admit members, close), 'users:read' (the "
					+ "user directory, GET /api/v1/directory/users). 'messages' is a bot's scope: its key comes with "
					+ "the bot (POST /api/v1/admin/bots), and asking for it here answers 400.")
	CreatedApiKey create(@Valid @RequestBody NewApiKey request, Authentication admin) {
		return this.keys.create(UserId.of(admin.getName()), request.name(), request.scopes());
	}

	@GetMapping
	@Operation(summary = "List API keys", description = "Every key, newest first, revoked ones too; never the key.")
	List<ApiKeyInfo> list() {
		return this.keys.list();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke an API key",
			description = "The next request with the key is refused (401 api-key-invalid). Revoking a revoked "
					+ "key answers it unchanged; an unknown id answers 404.")
	ApiKeyInfo revoke(@PathVariable long id) {
		return this.keys.revoke(id);
	}

	/** A key to create. */
	record NewApiKey(@NotBlank @Size(max = 64) @Schema(example = "CRM back-end") String name,
			@NotEmpty @Schema(example = "[\"push\"]") Set<ApiKeyScope> scopes) {

	}

}
