package im.api.user;

import java.time.Instant;
import java.util.List;

import im.core.account.AccountService;
import im.core.account.Role;
import im.core.account.UserProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/directory")
@Validated
@Tag(name = "Directory",
		description = "Every user in the order they changed, for a directory sync: an API key with the scope "
				+ "'users:read' (X-Api-Key), or an administrator's token")
class DirectoryController {

	private final AccountService accounts;

	DirectoryController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/users")
	@Operation(summary = "Users changed since a point",
			description = "Users whose profile, role, ban or mute changed after the cursor ('updatedAfter' and, among "
					+ "users changed at that same instant, ids above 'afterId'), oldest change first, at most 'limit' "
					+ "(1 to 500). Start without a cursor; while 'next' is not null, ask again with it. A sync that "
					+ "keeps the last cursor it saw asks later for what changed since.")
	DirectoryPage users(
			@Parameter(description = "The cursor's time (ISO-8601); from the beginning when absent") @RequestParam(
					required = false) Instant updatedAfter,
			@Parameter(description = "The cursor's user id") @RequestParam(
					defaultValue = "0") @PositiveOrZero long afterId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
		List<UserProfile> changed = this.accounts.changedSince((updatedAfter != null) ? updatedAfter : Instant.EPOCH,
				afterId, limit);
		UserProfile last = changed.isEmpty() ? null : changed.get(changed.size() - 1);
		return new DirectoryPage(changed.stream().map(DirectoryUser::of).toList(),
				(changed.size() == limit) ? new Cursor(last.updatedAt(), last.id().value()) : null);
	}

	/**
	 * A page of the directory.
	 *
	 * @param next the cursor of the next page; null when this one was the last
	 */
	record DirectoryPage(List<DirectoryUser> users, Cursor next) {

	}

	/** Where the next page starts: after this user. */
	record Cursor(Instant updatedAfter, long afterId) {

	}

	/** A user as a directory sync sees them. */
	record DirectoryUser(long id, String username, String displayName, String avatarUrl, Role role, boolean bot,
			Instant createdAt, Instant updatedAt) {

		static DirectoryUser of(UserProfile user) {
			return new DirectoryUser(user.id().value(), user.username(), user.displayName(), user.avatarUrl(),
					user.role(), user.bot(), user.createdAt(), user.updatedAt());
		}

	}

}
