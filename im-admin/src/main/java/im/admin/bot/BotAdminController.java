package im.admin.bot;

import java.util.List;

import im.core.account.UserId;
import im.core.bot.BotInfo;
import im.core.bot.BotService;
import im.core.bot.CreatedBot;
import im.core.bot.NewBot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/bots")
@Tag(name = "Admin: bots",
		description = "Accounts an integrator's program acts as, with an API key of scope 'messages' (ADMIN role "
				+ "only). A bot is added to conversations as users are; with its key (X-Api-Key) it sends, edits and "
				+ "recalls its messages, reads its conversations and uploads media over REST, and is shown as a bot "
				+ "('bot': true). It never signs in, connects over STOMP or joins calls. Banning its account "
				+ "(PUT /api/v1/admin/users/{id}/ban) stops its key within seconds.")
class BotAdminController {

	private final BotService bots;

	BotAdminController(BotService bots) {
		this.bots = bots;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a bot",
			description = "Answers its key once, in 'key': only its hash is kept, so store it now. 'ownerId' is the "
					+ "user answerable for it (the caller when absent). 409 username-taken when the name is used.")
	CreatedBot create(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					examples = @ExampleObject("{\"username\": \"helpdesk\", \"displayName\": \"Help desk\", "
							+ "\"avatarLetter\": \"H\", \"ownerId\": 12}"))) @Valid @RequestBody NewBot bot,
			Authentication admin) {
		return this.bots.create(UserId.of(admin.getName()), bot);
	}

	@GetMapping
	@Operation(summary = "List bots", description = "Newest first, with their working keys (never the keys).")
	List<BotInfo> list() {
		return this.bots.list();
	}

	@PostMapping("/{id}/key")
	@Operation(summary = "Give a bot a new key",
			description = "Answers the new key once; the bot's earlier keys stop working at once here and within a "
					+ "second on other instances. 404 for an id that is not a bot.")
	CreatedBot newKey(@PathVariable long id, Authentication admin) {
		return this.bots.newKey(UserId.of(admin.getName()), new UserId(id));
	}

}
