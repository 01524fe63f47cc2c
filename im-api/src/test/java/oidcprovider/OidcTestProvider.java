package oidcprovider;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for the single sign-on tests: Spring Authorization
 * Server in an application of its own on a random port of 127.0.0.1, with a form login,
 * one client ({@link #CLIENT_ID}, PKCE required, no consent screen) and users the tests
 * add. Users named {@code wrong-audience...} and {@code expired...} get ID tokens that
 * are for another client and expired, as a misbehaving or misconfigured provider would
 * send. Outside the {@code im} package, so that the platform's contexts never scan it.
 */
public final class OidcTestProvider implements AutoCloseable {

	public static final String CLIENT_ID = "im-platform";

	public static final String CLIENT_SECRET = "im-platform-secret";

	private final ConfigurableApplicationContext context;

	private OidcTestProvider(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static OidcTestProvider start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.config.name=oidc-test-provider",
					"spring.main.banner-mode=off", "spring.flyway.enabled=false",
					"spring.datasource.url=jdbc:h2:mem:oidc-provider-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=none", "management.endpoints.enabled-by-default=false",
					"springdoc.api-docs.enabled=false", "springdoc.swagger-ui.enabled=false")
			.run();
		return new OidcTestProvider(context);
	}

	/** The issuer, as the provider names itself. */
	public String issuer() {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/** Registers the platform's callback as the client's one redirect URI. */
	public void redirectTo(String callback) {
		this.context.getBean(InMemoryRegisteredClientRepository.class).save(client(callback));
	}

	/** Adds (or replaces) a user; {@code groups} become its ID token's {@code groups}. */
	public void user(String username, String password, boolean enabled, String... groups) {
		InMemoryUserDetailsManager users = this.context.getBean(InMemoryUserDetailsManager.class);
		UserDetails user = User.withUsername(username)
			.password("{noop}" + password)
			.authorities((groups.length > 0) ? groups : new String[] { "member" })
			.disabled(!enabled)
			.build();
		if (users.userExists(username)) {
			users.updateUser(user);
		}
		else {
			users.createUser(user);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	static RegisteredClient client(String redirectUri) {
		return RegisteredClient.withId("im-platform-client")
			.clientId(CLIENT_ID)
			.clientSecret("{noop}" + CLIENT_SECRET)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.scope(OidcScopes.EMAIL)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ProviderApplication {

		@Bean
		@Order(1)
		SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
			OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
			http.securityMatcher(server.getEndpointsMatcher())
				.with(server, (configurer) -> configurer.oidc(Customizer.withDefaults()))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.ALL)));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain signIn(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable());
			return http.build();
		}

		@Bean
		AuthorizationServerSettings endpoints() {
			return AuthorizationServerSettings.builder().build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager();
		}

		@Bean
		InMemoryRegisteredClientRepository clients() {
			return new InMemoryRegisteredClientRepository(client("http://127.0.0.1/unset"));
		}

		@Bean
		KeyPair signingKey() throws NoSuchAlgorithmException {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}

		@Bean
		JWKSource<SecurityContext> keys(KeyPair pair) {
			RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
				.privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
			return new ImmutableJWKSet<>(new JWKSet(key));
		}

		/** Reads the provider's own access tokens, at its user-info endpoint. */
		@Bean
		JwtDecoder accessTokens(KeyPair pair) {
			return NimbusJwtDecoder.withPublicKey((RSAPublicKey) pair.getPublic()).build();
		}

		/**
		 * What a company's provider puts in ID tokens: a username, a name and groups; and
		 * two kinds of bad token, for users named to get them.
		 */
		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> idTokens() {
			return (context) -> {
				if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
					return;
				}
				String username = context.getPrincipal().getName();
				context.getClaims()
					.claim("preferred_username", username)
					.claim("name", "Name of " + username)
					.claim("groups",
							context.getPrincipal()
								.getAuthorities()
								.stream()
								.map(GrantedAuthority::getAuthority)
								.toList());
				if (username.startsWith("wrong-audience")) {
					context.getClaims().audience(List.of("some-other-client"));
				}
				if (username.startsWith("expired")) {
					Instant past = Instant.now().minus(Duration.ofMinutes(10));
					context.getClaims().issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(5)));
				}
			};
		}

	}

}
