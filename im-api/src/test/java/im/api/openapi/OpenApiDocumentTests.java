package im.api.openapi;

import java.util.ArrayList;
import java.util.List;

import im.support.Api;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is complete enough to integrate from. */
@StandaloneModeTest
class OpenApiDocumentTests {

	@LocalServerPort
	int port;

	@Test
	void everyOperationIsDescribedAndAnswersWithProblems() {
		JsonNode document = new Api(this.port).get("/v3/api-docs", null).json();
		assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		List<String> undocumented = new ArrayList<>();
		List<String> operations = new ArrayList<>();
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String name = operation.getKey().toUpperCase() + " " + path.getKey();
			operations.add(name);
			JsonNode op = operation.getValue();
			if (!op.hasNonNull("summary") || !op.hasNonNull("description") || !op.at("/responses/400").isObject()) {
				undocumented.add(name);
			}
		}));
		assertThat(operations).contains("POST /api/v1/auth/register", "POST /api/v1/auth/login", "GET /api/v1/me",
				"GET /api/v1/users");
		assertThat(undocumented).as("operations without summary, description or problem answers").isEmpty();
		assertThat(document.at("/paths/~1api~1v1~1auth~1login/post/security").isArray()).as("sign-in needs no token")
			.isTrue();
		assertThat(document.at("/paths/~1api~1v1~1me/get/responses/401/content").has("application/problem+json"))
			.isTrue();
	}

	@Test
	void swaggerUiIsServed() {
		Api.Response ui = new Api(this.port).get("/swagger-ui/index.html", null);
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("Swagger UI");
	}

}
