package im.api.problem;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests of every kind get a 4xx problem detail that says what is wrong, never a
 * 500.
 */
@StandaloneModeTest
class ErrorResponseTests {

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void malformedJsonIsA400() {
		Response response = this.api.post("/api/v1/auth/login", "{\"username\": \"a\",", null);
		assertProblem(response, 400, "malformed-request");
		assertThat(response.json().get("detail").asString()).startsWith("The request body is not valid JSON");
	}

	@Test
	void aMissingBodyIsA400() {
		Response response = this.api.send(this.api.request("/api/v1/auth/login", null)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.noBody())
			.build());
		assertProblem(response, 400, "malformed-request");
	}

	@Test
	void aWrongTypeNamesTheField() {
		Response response = this.api.post("/api/v1/auth/register",
				"{\"username\":\"typed\",\"displayName\":{\"a\":1},\"password\":\"long-enough\"}", null);
		assertProblem(response, 400, "validation-failed");
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("displayName");
		assertThat(error.get("message").asString()).isEqualTo("must be of type string");
	}

	@Test
	void aBodyOverTheLimitIsA413WhateverItsFraming() {
		String huge = "{\"username\":\"" + "x".repeat(1_100_000) + "\",\"password\":\"p\"}";
		assertProblem(this.api.post("/api/v1/auth/login", huge, null), 413, "payload-too-large");

		byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
		HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
			private final HttpRequest.BodyPublisher delegate = BodyPublishers.ofByteArray(bytes);

			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
				this.delegate.subscribe(subscriber);
			}
		};
		Response streamed = this.api.send(this.api.request("/api/v1/auth/login", null)
			.header("Content-Type", "application/json")
			.POST(chunked)
			.build());
		assertProblem(streamed, 413, "payload-too-large");
	}

	@Test
	void aParameterOutOfRangeNamesItWhicheverWayTheControllerValidates() {
		Session admin = this.api.login("admin", "admin-test-password");
		// a @Validated controller (method validation by a proxy) and one without
		// (Spring MVC's own parameter validation) answer alike
		for (String path : List.of("/api/v1/admin/audit?size=0", "/api/v1/users?size=0")) {
			Response response = this.api.get(path, admin.accessToken());
			assertProblem(response, 400, "validation-failed");
			assertThat(fields(response)).as(path).containsExactly("size");
		}
	}

	@Test
	void anUnknownRouteIsA404() {
		Session user = this.api.newUser("routes");
		Response response = this.api.get("/api/v1/no-such-thing", user.accessToken());
		assertProblem(response, 404, "not-found");
		assertThat(response.json().get("detail").asString()).contains("/api/v1/no-such-thing");
	}

	@Test
	void aWrongMethodIsA405ThatNamesTheRightOnes() {
		Session user = this.api.newUser("methods");
		Response response = this.api.send(this.api.request("/api/v1/me", user.accessToken()).DELETE().build());
		assertProblem(response, 405, "method-not-allowed");
		assertThat(response.json().get("detail").asString()).contains("GET").contains("PATCH");
	}

	/** Without a token too: the method is wrong whoever asks. */
	@Test
	void aWrongMethodOnAPublicRouteIsA405WithoutAToken() {
		Response response = this.api.send(this.api.request("/api/v1/auth/login", null)
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{}"))
			.build());
		assertProblem(response, 405, "method-not-allowed");
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void aPageFarBeyondTheEndIsEmptyOrRefusedNeverA500() {
		Session user = this.api.newUser("pages");
		for (String path : new String[] { "/api/v1/conversations", "/api/v1/users" }) {
			Response response = this.api.get(path + "?page=2147483647&size=100", user.accessToken());
			assertThat(response.status()).as(path + " " + response).isIn(200, 400);
			if (response.status() == 400) {
				assertProblem(response, 400, "validation-failed");
			}
		}
	}

	@Test
	void aTruncatedJsonBodyIsA400() {
		for (String body : new String[] { "{\"username\":\"a\",\"pass", "{", "{\"username\":" }) {
			assertProblem(this.api.post("/api/v1/auth/login", body, null), 400, "malformed-request");
		}
	}

	@Test
	void aWrongContentTypeIsA415() {
		Response response = this.api.send(this.api.request("/api/v1/auth/login", null)
			.header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString("username=a"))
			.build());
		assertProblem(response, 415, "unsupported-media-type");
	}

	@Test
	void aWrongParameterTypeIsA400() {
		Session user = this.api.newUser("params");
		assertProblem(this.api.get("/api/v1/users?page=first", user.accessToken()), 400, "malformed-request");
		assertProblem(this.api.get("/api/v1/users/not-a-number", user.accessToken()), 400, "malformed-request");
	}

	@Test
	void anUnknownUserIsA404() {
		Session user = this.api.newUser("lookup");
		assertProblem(this.api.get("/api/v1/users/987654321", user.accessToken()), 404, "not-found");
	}

	@Test
	void validationErrorsListEveryField() {
		Response response = this.api.post("/api/v1/auth/login", Map.of(), null);
		assertProblem(response, 400, "validation-failed");
		assertThat(fields(response)).containsExactlyInAnyOrder("username", "password");
	}

}
