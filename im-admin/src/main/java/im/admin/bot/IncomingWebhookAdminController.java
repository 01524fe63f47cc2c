package im.admin.bot;

import java.util.List;

import im.core.account.UserId;
import im.core.bot.CreatedIncomingWebhook;
import im.core.bot.IncomingWebhookInfo;
import im.core.bot.IncomingWebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
@RequestMapping("/api/v1/admin/incoming-webhooks")
@Tag(name = "Admin: incoming webhooks",
		description = "URLs any program can POST {\"text\": ...} to, posting into one conversation as a bot, as "
				+ "Slack's incoming webhooks do (ADMIN role only). The token in the URL is the only credential: "
				+ "keep it secret, revoke it when it leaks.")
class IncomingWebhookAdminController {

	private final IncomingWebhookService hooks;

	IncomingWebhookAdminController(IncomingWebhookService hooks) {
		this.hooks = hooks;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an incoming webhook",
			description = "Posts as the bot 'botId' into conversation 'conversationId', of which the bot must be a "
					+ "member (400 otherwise). Answers the path to POST to, with its token, once: only the token's "
					+ "hash is kept. At most IM_INCOMING_WEBHOOK_MAX_PER_MINUTE posts a minute.")
	CreatedIncomingWebhook create(@Valid @RequestBody NewIncomingWebhook request, Authentication admin) {
		return this.hooks.create(UserId.of(admin.getName()), request.name(), new UserId(request.botId()),
				request.conversationId());
	}

	@GetMapping
	@Operation(summary = "List incoming webhooks", description = "Newest first, revoked ones too; never the token.")
	List<IncomingWebhookInfo> list() {
		return this.hooks.list();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke an incoming webhook",
			description = "Its next POST answers 404. Revoking a revoked hook answers it unchanged; an unknown id 404.")
	IncomingWebhookInfo revoke(@PathVariable long id) {
		return this.hooks.revoke(id);
	}

	/** A hook to create. */
	record NewIncomingWebhook(@NotBlank @Size(max = 64) @Schema(example = "CI") String name,
			@NotNull @Schema(example = "42") Long botId, @NotNull @Schema(example = "31") Long conversationId) {

	}

}
