package im.api.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import im.core.apikey.ApiKeyAuthenticator;
import im.core.audit.RefusedAttempts;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * HTTP security: stateless bearer tokens, no cookies and therefore no CSRF tokens. The
 * WebSocket handshake is open; STOMP CONNECT authenticates (see {@code im.api.stomp}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The integrator API: an API key in {@code X-Api-Key} instead of a user's token, for
	 * the push API and for any request that carries a key. First, so that these never
	 * reach the bearer-token chain.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain pushSecurity(HttpSecurity http, ApiKeyAuthenticator keys, RefusedAttempts refused,
			RevokedTokens standings, ProblemSecurityHandlers problems,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
		http.securityMatcher(ApiKeyFilter.requests())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// a back-end's requests: no sign-out, no saved request to return to, never
			// anonymous (the key filter answers a request without a key)
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.addFilterBefore(new ApiKeyFilter(keys, resolver, refused, standings), AuthorizationFilter.class)
			// the filter checked the scope the path needs
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * The management port ({@code IM_MANAGEMENT_PORT}), when there is one: its endpoints
	 * (health, info, Prometheus metrics) answer without credentials, as a scraper has
	 * none that live; the port is for the internal network. First, because the
	 * application's chains would otherwise see these requests too: Spring Boot runs them
	 * on every port.
	 */
	@Bean
	@Order(-1)
	SecurityFilterChain managementSecurity(HttpSecurity http, ManagementPort managementPort) throws Exception {
		http.securityMatcher(managementPort::receives)
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * The WebSocket handshake: open to anyone whose origin is allowed (the STOMP handler
	 * checks it), as the client authenticates with its CONNECT frame. Its own chain,
	 * without the bearer-token, sign-out, saved-request and anonymous filters that the
	 * API's runs: every connection, and every reconnect after an instance died, starts
	 * here.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain handshakeSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/ws", "/ws/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * The pages' Content-Security-Policy: their scripts and styles are files of this
	 * origin, never inline, so markup that slipped into a page runs nothing; media are
	 * shown from the blob: URLs the client fetched them into with its token; no page may
	 * frame them. Not on Swagger UI, a tool for developers whose page needs inline code.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurity(HttpSecurity http, ProblemSecurityHandlers problems,
			JwtAuthenticationConverter jwtAuthenticationConverter,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.addFilterBefore(new OutageFilter(resolver), BearerTokenAuthenticationFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				// every method: one these routes do not take is answered 405, token or
				// not
				.requestMatchers("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
						"/api/v1/auth/logout", "/api/v1/auth/oidc", "/api/v1/auth/oidc/authorize",
						"/api/v1/auth/oidc/callback", "/api/v1/auth/oidc/token")
				.permitAll()
				// the web client and the console are pages and scripts without data: what
				// they show comes from the REST API and the STOMP connection, which need
				// a
				// token (and /api/v1/admin the ADMIN role)
				.requestMatchers("/", "/index.html", "/favicon.ico", "/js/**", "/admin", "/admin/", "/admin/index.html",
						"/admin/console.js", "/admin/charts.js", "/admin/console.css", "/client/**", "/webjars/**",
						"/error")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
				.permitAll()
				// an incoming webhook's URL carries its credential, the token
				.requestMatchers(HttpMethod.POST, "/api/v1/hooks/*")
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/livez", "/readyz")
				.permitAll()
				// metrics and info tell an attacker much: administrators only here, or
				// anyone who reaches the management port (IM_MANAGEMENT_PORT)
				.requestMatchers("/actuator/**")
				.hasRole("ADMIN")
				.requestMatchers("/api/v1/admin/**", "/api/v1/directory/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
						new NegatedRequestMatcher(
								new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/swagger-ui/**"),
										PathPatternRequestMatcher.pathPattern("/swagger-ui.html"))),
						new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY))))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * Expiry is checked on this instance's clock, the one it issues tokens by, with
	 * {@code IM_CLOCK_SKEW} of leeway for another instance's clock being ahead.
	 * <p>
	 * The issuer is read as the string it is: by default Spring converts it to a URL, and
	 * for an issuer that is not one (ours, {@code im.security.issuer}) first builds and
	 * throws an exception, a twentieth of a connection's CPU (docs/benchmarks.md).
	 */
	@Bean
	JwtDecoder jwtDecoder(JwtKeys keys, TokenSettings settings, RevokedTokens revoked, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(keys.key()).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setClaimSetConverter(
				MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, (issuer) -> issuer.toString())));
		JwtTimestampValidator expiry = new JwtTimestampValidator(settings.clockSkew());
		expiry.setClock(clock);
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(expiry, new JwtIssuerValidator(settings.issuer()), revoked));
		return decoder;
	}

	/**
	 * No tracing spans for each security filter, authentication and authorization:
	 * nothing here reads them, and wrapping every filter of every request cost more than
	 * an integrator's push itself (docs/benchmarks.md). The HTTP server's metrics stay.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	JwtEncoder jwtEncoder(JwtKeys keys) {
		return new NimbusJwtEncoder(new ImmutableSecret<>(keys.key()));
	}

	/**
	 * The principal's name is the user id ({@code sub}); {@code roles} become
	 * {@code ROLE_*} authorities.
	 */
	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
		return converter;
	}

	private static Collection<GrantedAuthority> authorities(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList(AccessTokens.ROLES_CLAIM);
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (roles != null) {
			roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		}
		return authorities;
	}

}
