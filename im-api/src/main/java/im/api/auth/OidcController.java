package im.api.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import im.core.account.AccountService;
import im.core.account.ExternalAccounts;
import im.core.account.ExternalSignIn;
import im.core.account.UserProfile;
import im.core.auth.AuthSettings;
import im.core.auth.ProviderSignIns;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/auth/oidc")
@Tag(name = "Single sign-on",
		description = "Sign-in through the company's OpenID Connect provider (IM_OIDC_*), by the authorization code "
				+ "flow with PKCE: the page sends the browser to 'authorize', the provider sends it back to "
				+ "'callback', which sends it on to the page with a one-time code in the fragment (#sso=...), and "
				+ "the page exchanges the code for the platform's own tokens at 'token'. Tokens never travel in a URL.")
@SecurityRequirements
class OidcController {

	/**
	 * The pages a sign-in returns to, by name: no other address is ever redirected to.
	 */
	private static final Map<String, String> PAGES = Map.of("client", "/", "admin", "/admin/");

	private final OidcSettings settings;

	private final AuthSettings auth;

	private final OidcProvider provider;

	private final ProviderSignIns signIns;

	private final AccountService accounts;

	private final ExternalAccounts external;

	private final SignIns tokens;

	OidcController(OidcSettings settings, AuthSettings auth, OidcProvider provider, ProviderSignIns signIns,
			AccountService accounts, ExternalAccounts external, SignIns tokens) {
		this.settings = settings;
		this.auth = auth;
		this.provider = provider;
		this.signIns = signIns;
		this.accounts = accounts;
		this.external = external;
		this.tokens = tokens;
	}

	@GetMapping
	@Operation(summary = "How people sign in here",
			description = "Whether single sign-on is configured, the provider's name for the 'Sign in with ...' "
					+ "button, and whether password sign-in is on (IM_PASSWORD_SIGN_IN).")
	SignInOptions options() {
		return new SignInOptions(this.settings.enabled(), this.settings.enabled() ? this.settings.providerName() : null,
				this.auth.passwordSignIn());
	}

	@GetMapping("/authorize")
	@Operation(summary = "Start signing in with the provider",
			description = "Answers 302 to the provider's sign-in page. 'app' names the page to come back to: "
					+ "'client' (the web client, /) or 'admin' (the console, /admin/). 404 when single sign-on is "
					+ "not configured.")
	ResponseEntity<Void> authorize(
			@Parameter(description = "client or admin") @RequestParam(defaultValue = "client") String app) {
		requireEnabled();
		if (!PAGES.containsKey(app)) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "app is 'client' or 'admin'.");
		}
		ProviderSignIns.Started started = this.signIns.start(app);
		return redirect(this.provider.authorizationUrl(callbackUri(), started.state(), started.nonce(),
				started.codeChallenge()));
	}

	@GetMapping("/callback")
	@Operation(summary = "Where the provider sends the browser back",
			description = "Registered at the provider as the redirect URI. Checks the state (once), exchanges the code "
					+ "with the PKCE verifier, checks the ID token (signature, issuer, audience, expiry, nonce), "
					+ "finds or opens the account, and answers 302 to the page with '#sso=<code>', or "
					+ "'#sso-error=<error code>&message=...' when any of it fails.")
	ResponseEntity<Void> callback(@RequestParam(required = false) String code,
			@RequestParam(required = false) String state, @RequestParam(required = false) String error,
			@RequestParam(name = "error_description", required = false) String errorDescription) {
		String page = PAGES.get("client");
		try {
			requireEnabled();
			ProviderSignIns.Returned returned = this.signIns.returned(state);
			page = PAGES.getOrDefault(returned.app(), page);
			if (error != null) {
				throw new DomainException(ErrorCode.UNAUTHENTICATED, "The identity provider did not sign you in ("
						+ error + ((errorDescription != null) ? ": " + errorDescription : "") + ").");
			}
			if (code == null || code.isBlank()) {
				throw new DomainException(ErrorCode.UNAUTHENTICATED, "The identity provider sent no code.");
			}
			ExternalSignIn identity = this.provider.exchange(code, returned.codeVerifier(), callbackUri(),
					returned.nonce());
			UserProfile user = this.external.signIn(identity);
			return redirect(page + "#sso=" + this.signIns.vouched(state, user.id()));
		}
		catch (DomainException ex) {
			return redirect(page + "#sso-error=" + ex.errorCode().code() + "&message="
					+ URLEncoder.encode(ex.getMessage(), StandardCharsets.UTF_8));
		}
	}

	@PostMapping("/token")
	@Operation(summary = "Exchange the page's one-time code for tokens",
			description = "The code from '#sso=' in the page's address, once, within two minutes of the provider's "
					+ "answer: the platform's access and refresh tokens, as POST /api/v1/auth/login answers them. 401 "
					+ "for a code unknown, used or too old.")
	TokenResponse token(@Valid @RequestBody HandoffRequest request) {
		UserProfile user = this.accounts.profile(this.signIns.exchange(request.code()));
		return this.tokens.start(user);
	}

	private void requireEnabled() {
		if (!this.settings.enabled()) {
			throw new DomainException(ErrorCode.NOT_FOUND,
					"Single sign-on is not configured on this server (IM_OIDC_ISSUER).");
		}
	}

	/** This server's callback as the browser reaches it (behind a proxy too). */
	private static String callbackUri() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/auth/oidc/callback").toUriString();
	}

	private static ResponseEntity<Void> redirect(String location) {
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location)).build();
	}

	/**
	 * @param providerName for the "Sign in with ..." button; null without single sign-on
	 */
	record SignInOptions(boolean singleSignOn, String providerName, boolean passwordSignIn) {

	}

	/** The code from {@code #sso=} in the page's address. */
	record HandoffRequest(
			@NotBlank @Size(max = 128) @Schema(example = "q1X9c0b-Zr3TgW5yKpL8nA2eF7hJ4mVdUiOsEw6Ry0s") String code) {

	}

}
