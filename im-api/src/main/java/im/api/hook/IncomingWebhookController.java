package im.api.hook;

import im.core.bot.IncomingWebhookService;
import im.core.message.SendReceipt;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/hooks")
@Tag(name = "Incoming webhooks",
		description = "Post text into a conversation as a bot with nothing but the URL an administrator created "
				+ "(POST /api/v1/admin/incoming-webhooks); no token or key header")
class IncomingWebhookController {

	private final IncomingWebhookService hooks;

	IncomingWebhookController(IncomingWebhookService hooks) {
		this.hooks = hooks;
	}

	@PostMapping("/{token}")
	@Operation(summary = "Post a message",
			description = "Stores 'text' as a message of the hook's bot in its conversation and answers the "
					+ "acknowledgement (201). With 'clientMsgId', a retry answers 200 with the first acknowledgement "
					+ "and 'duplicate': true, storing nothing new; without it every post is a new message. An unknown "
					+ "or revoked token answers 404; past IM_INCOMING_WEBHOOK_MAX_PER_MINUTE posts a minute, 429 with "
					+ "Retry-After.")
	ResponseEntity<SendReceipt> post(@Parameter(description = "The token of the hook's URL") @PathVariable String token,
			@Valid @RequestBody Post post) {
		SendReceipt receipt = this.hooks.post(token, post.text(), post.clientMsgId());
		return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
	}

	/** What a program posts. */
	record Post(@NotBlank @Schema(example = "Build 812 passed") String text,
			@Size(max = 64) @Schema(example = "build-812") String clientMsgId) {

	}

}
