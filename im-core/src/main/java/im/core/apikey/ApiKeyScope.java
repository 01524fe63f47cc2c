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

	/**
	 * Act as a bot: send, edit and recall its messages and read its conversations
	 * ({@code /api/v1/conversations/**}, {@code /api/v1/media/**}). Only a bot's own key
	 * has it, made with the bot ({@code /api/v1/admin/bots}).
	 */
	MESSAGES("messages"),

	/**
	 * Read the user directory, in the order users changed
	 * ({@code /api/v1/directory/users}).
	 */
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
