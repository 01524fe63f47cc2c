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

	/** An integrator finds an example of each integration request. */
	@Test
	void theIntegrationRequestsCarryExamples() {
		JsonNode document = new Api(this.port).get("/v3/api-docs", null).json();
		assertThat(document.at("/paths/~1api~1v1~1admin~1bots/post/requestBody/content/application~1json/example")
			.toString()).contains("helpdesk");
		for (String schema : List.of("NewApiKey", "ToUsers", "ToDevices", "ToEveryone", "NewEndpoint",
				"NewIncomingWebhook", "Post", "HandoffRequest")) {
			JsonNode properties = document.at("/components/schemas/" + schema + "/properties");
			assertThat(properties.isObject()).as(schema).isTrue();
			assertThat(properties.valueStream().anyMatch((property) -> property.has("example")))
				.as("%s has examples", schema)
				.isTrue();
		}
	}

	/** What the document says an operation answers is what it answers. */
	@Test
	void operationsThatCreateAnswer201AndTheUploadTakesAMultipartForm() {
		JsonNode paths = new Api(this.port).get("/v3/api-docs", null).json().get("paths");
		for (String created : List.of("/api/v1/auth/register", "/api/v1/media", "/api/v1/conversations/groups",
				"/api/v1/conversations/{id}/messages")) {
			JsonNode responses = paths.get(created).get("post").get("responses");
			assertThat(responses.has("201")).as(created + " answers 201").isTrue();
		}
		assertThat(paths.get("/api/v1/auth/register").get("post").get("responses").has("200")).isFalse();
		assertThat(paths.get("/api/v1/conversations/{id}/messages").get("post").get("responses").has("200"))
			.as("a retried clientMsgId answers 200")
			.isTrue();
		JsonNode upload = paths.get("/api/v1/media").get("post");
		assertThat(upload.path("parameters").valueStream().map((p) -> p.get("name").asString()).toList())
			.as("nothing of the upload in the query")
			.doesNotContain("kind", "file");
		JsonNode form = upload.at("/requestBody/content/multipart~1form-data/schema");
		if (form.has("$ref")) {
			form = new Api(this.port).get("/v3/api-docs", null)
				.json()
				.at("/components/schemas/" + form.get("$ref").asString().replace("#/components/schemas/", ""));
		}
		assertThat(form.get("properties").propertyNames()).contains("file", "kind");
		assertThat(form.get("required").valueStream().map(JsonNode::asString).toList()).contains("file", "kind");
	}

	@Test
	void swaggerUiIsServed() {
		Api.Response ui = new Api(this.port).get("/swagger-ui/index.html", null);
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("Swagger UI");
	}

}
