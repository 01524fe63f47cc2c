package im.core.apikey;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import im.core.error.InvalidField;

/** What an API key may do. */
public enum ApiKeyScope {

	/** Push to users, devices, rooms and everyone ({@code /api/v1/push/**}). */
	PUSH("push"),

	/** Create, admit members to and close live rooms ({@code /api/v1/admin/rooms/**}). */
	ROOMS("rooms"),

	/** Send messages for bots (reserved). */
	MESSAGES("messages"),

	/** Read users (reserved). */
	USERS_READ("users:read");

	private final String code;

	ApiKeyScope(String code) {
		this.code = code;
	}

	@JsonValue
	public String code() {
		return this.code;
	}

	@JsonCreator
	public static ApiKeyScope of(String code) {
		return Arrays.stream(values())
			.filter((scope) -> scope.code.equals(code))
			.findFirst()
			.orElseThrow(() -> new InvalidField("scopes", "Unknown scope '" + code + "'; scopes are "
					+ Arrays.stream(values()).map(ApiKeyScope::code).toList() + "."));
	}

}
