package im.api.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: bearer authentication by default, and the problem-detail answers
 * that every operation can give, so integrators see errors as part of the contract.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	/** The integrator API's scheme; named in its controllers. */
	static final String API_KEY = "apiKey";

	private static final String PROBLEM_SCHEMA = "Problem";

	@Bean
	OpenAPI imOpenApi() {
		return new OpenAPI().info(new Info().title("IM platform API").version("v1").description("""
				REST API of the IM platform. Authenticate with POST /api/v1/auth/login and send the access \
				token as 'Authorization: Bearer <token>'. Every error is an RFC 9457 problem detail \
				(application/problem+json) whose 'type' is 'urn:im:problem:<code>' and whose 'code' is \
				the same stable code; validation errors list the fields in 'errors'. Real-time traffic \
				uses STOMP over WebSocket at /ws (see docs/protocol.md).""").license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("Access token from POST /api/v1/auth/login or /api/v1/auth/refresh"))
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-Api-Key")
							.description("An integrator's API key, created by an administrator at "
									+ "POST /api/v1/admin/api-keys; the push API needs the scope 'push'"))
				.addSchemas(PROBLEM_SCHEMA, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> openApi.getPaths()
			.values()
			.forEach((path) -> path.readOperations().forEach(OpenApiConfiguration::addProblemResponses));
	}

	private static void addProblemResponses(Operation operation) {
		ApiResponses responses = operation.getResponses();
		responses.putIfAbsent("400", problem("The request is malformed or not valid"));
		boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
		if (secured) {
			boolean apiKey = operation.getSecurity() != null
					&& operation.getSecurity().stream().anyMatch((requirement) -> requirement.containsKey(API_KEY));
			responses.putIfAbsent("401", problem(
					apiKey ? "Missing, unknown or revoked API key" : "Missing, invalid or expired access token"));
			if (apiKey) {
				responses.putIfAbsent("403", problem("The API key lacks the scope this operation needs"));
				responses.putIfAbsent("429", problem("The API key's rate limit is reached; see Retry-After"));
			}
		}
		responses.putIfAbsent("500", problem("Unexpected failure on the server"));
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema problemSchema() {
		return new Schema<>().type("object")
			.description("RFC 9457 problem detail")
			.addProperty("type", new Schema<>().type("string").description("urn:im:problem:<code>"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string").description("What went wrong and how to fix it"))
			.addProperty("instance", new Schema<>().type("string"))
			.addProperty("code", new Schema<>().type("string").description("Stable error code"))
			.addProperty("errors",
					new Schema<>().type("array")
						.description("Field errors, for validation failures")
						.items(new Schema<>().type("object")
							.addProperty("field", new Schema<>().type("string"))
							.addProperty("message", new Schema<>().type("string"))));
	}

}
