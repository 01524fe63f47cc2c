package im.admin.user;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import im.core.account.AccountModeration;
import im.core.account.AccountService;
import im.core.account.AccountStanding;
import im.core.account.MaxUtf8Bytes;
import im.core.account.Registration;
import im.core.account.Role;
import im.core.account.UserId;
import im.core.account.UserProfile;
import im.core.delivery.SessionAddress;
import im.core.error.ErrorCode;
import im.core.moderation.Sessions;
import im.core.paging.PageResponse;
import im.core.paging.PageNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/users")
@Validated
@Tag(name = "Admin: users",
		description = "Finding users and their connections; disconnecting, banning, muting, resetting passwords, "
				+ "granting and taking the ADMIN role (ADMIN role only). Every change is on the audit trail.")
class UserAdminController {

	private final AccountService accounts;

	private final AccountModeration moderation;

	private final Sessions sessions;

	UserAdminController(AccountService accounts, AccountModeration moderation, Sessions sessions) {
		this.accounts = accounts;
		this.moderation = moderation;
		this.sessions = sessions;
	}

	@GetMapping
	@Operation(summary = "Find users",
			description = "Users whose username or display name contains the query, ignoring case, ordered by "
					+ "username, with whether each is online. Paged: 'page' counts from 0 (to 1,000,000), 'size' is 1 to 100.")
	PageResponse<AdminUser> search(
			@Parameter(description = "Text to look for") @RequestParam(defaultValue = "") @Size(max = 64) String query,
			@RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return PageResponse.of(this.moderation.searchStandings(query, page, size),
				(standing) -> AdminUser.of(standing, !this.sessions.of(standing.profile().id()).isEmpty(), null));
	}

	@PostMapping
	@Operation(summary = "Create an account",
			description = "For whoever may not register themselves (IM_REGISTRATION=closed) or should not have to: "
					+ "the same rules as registration (username, display name, password), without the per-address "
					+ "limit. Answers 201 with the user and its Location; 409 when the username is taken.")
	ResponseEntity<AdminUser> create(@Valid @RequestBody Registration registration) {
		UserProfile user = this.accounts.register(registration);
		return ResponseEntity.created(URI.create("/api/v1/admin/users/" + user.id()))
			.body(details(this.moderation.standing(user.id())));
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get one user",
			description = "The account, its ban and mute, and its open connections with the instance holding each "
					+ "and the device each named on CONNECT (device-id), if any.")
	AdminUser get(@PathVariable long id) {
		return details(this.moderation.standing(new UserId(id)));
	}

	@DeleteMapping("/{id}/sessions")
	@Operation(summary = "Disconnect all of a user's connections",
			description = "Each closes with an ERROR frame 'kicked', on whatever instance holds it. The user may "
					+ "connect again: ban them to keep them out. Answers how many connections were closed.")
	Map<String, Integer> kickAll(@PathVariable long id) {
		UserId user = new UserId(id);
		this.moderation.standing(user);
		return Map.of("closed",
				this.sessions.closeAll(user, ErrorCode.KICKED, "An administrator disconnected this connection."));
	}

	@DeleteMapping("/{id}/sessions/{instanceId}/{sessionId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Disconnect one connection",
			description = "Closes it with an ERROR frame 'kicked'; 404 if the user has no such connection open.")
	void kick(@PathVariable long id, @PathVariable String instanceId, @PathVariable String sessionId) {
		this.sessions.close(new UserId(id), new SessionAddress(instanceId, sessionId),
				"An administrator disconnected this connection.");
	}

	@PutMapping("/{id}/ban")
	@Operation(summary = "Ban a user",
			description = "They are signed out everywhere, their connections close at once with an ERROR frame "
					+ "'account-banned', and signing in, connecting or using a token already issued is refused "
					+ "(403 account-banned; other instances within 5 s) until unbanned. Administrators cannot ban "
					+ "themselves or the last active administrator.")
	AdminUser ban(@PathVariable long id, @Valid @RequestBody BanRequest request, Authentication admin) {
		return details(this.moderation.ban(UserId.of(admin.getName()), new UserId(id), request.reason()));
	}

	@DeleteMapping("/{id}/ban")
	@Operation(summary = "Lift a ban", description = "The user may sign in again.")
	AdminUser unban(@PathVariable long id) {
		return details(this.moderation.unban(new UserId(id)));
	}

	@PutMapping("/{id}/mute")
	@Operation(summary = "Mute a user",
			description = "Until the time given they may not send messages anywhere or comment in live rooms "
					+ "(error 'muted'); they still read and receive.")
	AdminUser mute(@PathVariable long id, @Valid @RequestBody MuteRequest request) {
		return details(this.moderation.mute(new UserId(id), request.until()));
	}

	@DeleteMapping("/{id}/mute")
	@Operation(summary = "Lift a mute", description = "The user may post again at once.")
	AdminUser unmute(@PathVariable long id) {
		return details(this.moderation.mute(new UserId(id), null));
	}

	@PostMapping("/{id}/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Reset a user's password",
			description = "Sets the password given (8 to 72 UTF-8 bytes, not a common one, not containing the username), signs the user out everywhere (refresh "
					+ "and access tokens) and closes their connections. The password is not recorded in the audit "
					+ "trail.")
	void resetPassword(@PathVariable long id, @Valid @RequestBody PasswordReset request) {
		UserId user = new UserId(id);
		// the reset closes their connections too (Sessions)
		this.moderation.resetPassword(user, request.newPassword());
	}

	@PutMapping("/{id}/role")
	@Operation(summary = "Grant or take the ADMIN role",
			description = "The user signs in again to use the new role: they are signed out, their connections "
					+ "close and access tokens issued before the change stop working (401 token-invalid; other "
					+ "instances within 5 s). Administrators cannot change their own role, and the last active "
					+ "administrator stays one (409 last-admin).")
	AdminUser changeRole(@PathVariable long id, @Valid @RequestBody RoleChange request, Authentication admin) {
		return details(this.moderation.changeRole(UserId.of(admin.getName()), new UserId(id), request.role()));
	}

	private AdminUser details(AccountStanding standing) {
		List<AdminUser.Connection> open = this.sessions.withDevices(standing.profile().id())
			.entrySet()
			.stream()
			.map((entry) -> AdminUser.Connection.of(entry.getKey(), entry.getValue().orElse(null)))
			.sorted(Comparator.comparing(AdminUser.Connection::instanceId)
				.thenComparing(AdminUser.Connection::sessionId))
			.toList();
		return AdminUser.of(standing, !open.isEmpty(), open);
	}

	/** Why a user is banned, for the record. */
	record BanRequest(@Size(max = 256) String reason) {

	}

	/** Until when a user is muted. */
	record MuteRequest(@NotNull @Future Instant until) {

	}

	/** A new password for a user. */
	record PasswordReset(
			@NotNull @Size(min = 8, message = "must be at least 8 characters") @MaxUtf8Bytes(72) String newPassword) {

	}

	/** The role to give. */
	record RoleChange(@NotNull Role role) {

	}

}
