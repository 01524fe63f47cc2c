package im.api.auth;

import java.net.URI;

import im.api.user.UserResponse;
import im.core.account.AccountService;
import im.core.account.Registration;
import im.core.account.UserProfile;
import im.core.auth.IssuedRefreshToken;
import im.core.auth.LoginService;
import im.core.auth.RefreshTokenService;
import im.core.auth.SignUps;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication", description = "Accounts, sign-in and sessions")
@SecurityRequirements
class AuthController {

	private final AccountService accounts;

	private final LoginService logins;

	private final RefreshTokenService refreshTokens;

	private final SignIns signIns;

	private final SignUps signUps;

	AuthController(AccountService accounts, LoginService logins, RefreshTokenService refreshTokens, SignIns signIns,
			SignUps signUps) {
		this.accounts = accounts;
		this.logins = logins;
		this.refreshTokens = refreshTokens;
		this.signIns = signIns;
		this.signUps = signUps;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Open an account",
			description = "Usernames are 3 to 32 characters of a-z, 0-9, '_', '.' or '-', unique regardless of case "
					+ "(stored in lower case). Passwords need at least 8 characters and at most 72 bytes, and may be "
					+ "neither one of the 100,000 most common passwords nor contain the username. One address opens at most "
					+ "IM_MAX_REGISTRATIONS_PER_ADDRESS (10) accounts an hour (429 with Retry-After); with "
					+ "IM_REGISTRATION=closed only administrators create accounts (403). "
					+ "Answers 201 with the new user and its Location; 409 when the username is taken.")
	ResponseEntity<UserResponse> register(@Valid @RequestBody Registration registration, HttpServletRequest http) {
		UserProfile user = this.signUps.register(registration, http.getRemoteAddr());
		return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(UserResponse.of(user));
	}

	@PostMapping("/login")
	@Operation(summary = "Sign in",
			description = "Exchanges a username and password for a short-lived access token (a JWT to send as "
					+ "'Authorization: Bearer') and a refresh token. Repeated failures for one username or from one "
					+ "address are refused with 429 and Retry-After.")
	TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		UserProfile user = this.logins.login(request.username(), request.password(), http.getRemoteAddr());
		return this.signIns.start(user);
	}

	@PostMapping("/refresh")
	@Operation(summary = "Renew the access token",
			description = "Exchanges a refresh token for a new access token and a new refresh token; the old refresh "
					+ "token stops working. Presenting an already used refresh token signs that session out entirely "
					+ "(it means someone else holds a copy).")
	TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
		IssuedRefreshToken next = this.refreshTokens.rotate(request.refreshToken());
		return this.signIns.tokens(this.accounts.profile(next.userId()), next);
	}

	@PostMapping("/logout")
	@Operation(summary = "Sign out",
			description = "Ends the sign-in the refresh token belongs to: it, every token rotated from it and every "
					+ "access token issued with them stop working, and the connections opened with those access tokens "
					+ "close (ERROR code token-invalid). Answers 204, also for unknown tokens.")
	ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
		this.refreshTokens.revoke(request.refreshToken());
		return ResponseEntity.noContent().build();
	}

}
