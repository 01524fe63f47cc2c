package im.support;

import java.util.List;

import im.support.Api.Response;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that an answer is a problem detail of our catalogue. */
public final class ProblemAssertions {

	private ProblemAssertions() {
	}

	public static void assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("urn:im:problem:" + code);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
	}

	/** The fields named in a validation problem's {@code errors}. */
	public static List<String> fields(Response response) {
		return response.json().get("errors").valueStream().map((error) -> error.get("field").asString()).toList();
	}

}
