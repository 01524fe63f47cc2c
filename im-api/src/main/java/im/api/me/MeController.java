package im.api.me;

import im.api.auth.SignIns;
import im.api.auth.TokenResponse;
import im.api.security.CurrentUser;
import im.core.account.AccountService;
import im.core.account.PasswordChange;
import im.core.account.ProfileChange;
import im.core.account.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user's own account")
class MeController {

	private final AccountService accounts;

	private final SignIns signIns;

	MeController(AccountService accounts, SignIns signIns) {
		this.accounts = accounts;
		this.signIns = signIns;
	}

	@GetMapping
	@Operation(summary = "My account", description = "The signed-in user's profile and role.")
	MeResponse me(Authentication authentication) {
		return MeResponse.of(this.accounts.profile(CurrentUser.id(authentication)));
	}

	@PatchMapping
	@Operation(summary = "Change my profile",
			description = "Fields left out or null stay as they are. 'displayName' is 1 to 64 characters; "
					+ "'avatarUrl' is an http(s) URL, or empty to remove the avatar.")
	MeResponse update(Authentication authentication, @Valid @RequestBody ProfileChange change) {
		return MeResponse.of(this.accounts.updateProfile(CurrentUser.id(authentication), change));
	}

	@PostMapping("/password")
	@Operation(summary = "Change my password",
			description = "Needs the current password (403 when it is wrong). The new one follows the rules of "
					+ "registration (400 for a common one or one containing the username). Signs the user out everywhere, as "
					+ "whoever learnt the old password may hold tokens: every refresh and access token stops working and "
					+ "every open connection closes (ERROR code token-invalid). Answers the tokens of a new sign-in for "
					+ "the device that made the change.")
	TokenResponse changePassword(Authentication authentication, @Valid @RequestBody PasswordChange change) {
		UserId user = CurrentUser.id(authentication);
		this.accounts.changePassword(user, change);
		return this.signIns.start(this.accounts.profile(user));
	}

}
