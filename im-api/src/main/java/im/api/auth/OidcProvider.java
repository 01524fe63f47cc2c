package im.api.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import im.core.account.ExternalSignIn;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The company's OpenID Connect provider, as the authorization code flow with PKCE uses
 * it: its endpoints (read once from its discovery document), the URL that sends a user
 * there, and the exchange of the code it sends back for an ID token, checked in full:
 * signature (the provider's published keys), issuer, audience (this client), expiry and
 * the nonce of this sign-in.
 */
@Component
class OidcProvider {

	private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final OidcSettings settings;

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private volatile Endpoints endpoints;

	OidcProvider(OidcSettings settings, JsonMapper json) {
		this.settings = settings;
		this.json = json;
	}

	/** The provider's URL that asks the user to sign in, and sends them back. */
	String authorizationUrl(String redirectUri, String state, String nonce, String codeChallenge) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", this.settings.clientId());
		query.put("redirect_uri", redirectUri);
		query.put("scope", String.join(" ", this.settings.scopes()));
		query.put("state", state);
		query.put("nonce", nonce);
		query.put("code_challenge", codeChallenge);
		query.put("code_challenge_method", "S256");
		String endpoint = endpoints().authorization();
		return endpoint + (endpoint.contains("?") ? "&" : "?") + form(query);
	}

	/**
	 * Exchanges the code for the user's identity.
	 * @throws DomainException {@code unauthenticated} when the provider refuses the code
	 * or its ID token fails a check, {@code service-unavailable} when it does not answer
	 */
	ExternalSignIn exchange(String code, String codeVerifier, String redirectUri, String nonce) {
		Endpoints provider = endpoints();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", redirectUri);
		form.put("code_verifier", codeVerifier);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.token()))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json");
		if (this.settings.clientSecret().isBlank()) {
			form.put("client_id", this.settings.clientId());
		}
		else {
			request.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((encode(this.settings.clientId()) + ":" + encode(this.settings.clientSecret()))
							.getBytes(StandardCharsets.UTF_8)));
		}
		JsonNode answer;
		try {
			HttpResponse<String> response = this.http.send(
					request.POST(HttpRequest.BodyPublishers.ofString(form(form))).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				log.warn("The identity provider refused a code: HTTP {} {}", response.statusCode(), response.body());
				throw new DomainException(ErrorCode.UNAUTHENTICATED,
						"The identity provider refused this sign-in; sign in again.");
			}
			answer = this.json.readTree(response.body());
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(ex);
		}
		JsonNode idToken = answer.get("id_token");
		if (idToken == null || !idToken.isString()) {
			throw new DomainException(ErrorCode.UNAUTHENTICATED,
					"The identity provider answered no ID token; is 'openid' among IM_OIDC_SCOPES?");
		}
		Jwt token = decode(provider, idToken.asString());
		if (!nonce.equals(token.getClaimAsString("nonce"))) {
			throw new DomainException(ErrorCode.UNAUTHENTICATED,
					"The ID token was not issued for this sign-in (nonce); sign in again.");
		}
		return new ExternalSignIn(token.getIssuer().toString(), token.getSubject(),
				token.getClaimAsString(this.settings.usernameClaim()),
				token.getClaimAsString(this.settings.displayNameClaim()), admin(token));
	}

	private Jwt decode(Endpoints provider, String idToken) {
		try {
			return provider.decoder().decode(idToken);
		}
		catch (JwtValidationException ex) {
			String why = ex.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; "));
			log.info("An ID token was refused: {}", why);
			throw new DomainException(ErrorCode.UNAUTHENTICATED, "The ID token is not valid: " + why);
		}
		catch (JwtException ex) {
			log.info("An ID token could not be read: {}", ex.getMessage());
			throw new DomainException(ErrorCode.UNAUTHENTICATED, "The ID token could not be verified.");
		}
	}

	/** Whether the admin claim grants ADMIN; null when no claim decides roles. */
	private Boolean admin(Jwt token) {
		if (this.settings.adminClaim().isBlank()) {
			return null;
		}
		Object claim = token.getClaim(this.settings.adminClaim());
		if (claim instanceof Collection<?> values) {
			return values.stream().anyMatch((value) -> this.settings.adminValue().equals(String.valueOf(value)));
		}
		return claim != null && this.settings.adminValue().equals(String.valueOf(claim));
	}

	/** The provider's endpoints and key set, read from its discovery document once. */
	private Endpoints endpoints() {
		Endpoints known = this.endpoints;
		if (known != null) {
			return known;
		}
		String issuer = this.settings.issuer();
		String location = this.settings.discoveryLocation();
		JsonNode discovery;
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(location)).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode() + " from " + location);
			}
			discovery = this.json.readTree(response.body());
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(ex);
		}
		if (!issuer.equals(discovery.path("issuer").asString(""))) {
			log.error("The provider at {} names itself '{}', not IM_OIDC_ISSUER", location,
					discovery.path("issuer").asString(""));
			throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
					"The identity provider is misconfigured (its issuer is not IM_OIDC_ISSUER).");
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(discovery.path("jwks_uri").asString())
			.jwsAlgorithms((algorithms) -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ofSeconds(60)),
				new JwtIssuerValidator(issuer), audience()));
		known = new Endpoints(discovery.path("authorization_endpoint").asString(),
				discovery.path("token_endpoint").asString(), decoder);
		this.endpoints = known;
		return known;
	}

	/**
	 * The ID token is for this client: in its audience, and its authorized party if
	 * named.
	 */
	private OAuth2TokenValidator<Jwt> audience() {
		return (token) -> {
			List<String> audience = token.getAudience();
			String authorizedParty = token.getClaimAsString("azp");
			if (audience == null || !audience.contains(this.settings.clientId())) {
				return OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "it is for another client (aud " + audience + ")", null));
			}
			if (authorizedParty != null && !authorizedParty.equals(this.settings.clientId())) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
						"it was issued to another client (azp " + authorizedParty + ")", null));
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static DomainException unavailable(Exception ex) {
		log.warn("The identity provider did not answer: {}", ex.toString());
		return new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
				"The identity provider did not answer; try again shortly.");
	}

	private static String form(Map<String, String> values) {
		return values.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Endpoints(String authorization, String token, JwtDecoder decoder) {

	}

}
