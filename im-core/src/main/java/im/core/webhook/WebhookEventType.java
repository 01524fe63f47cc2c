package im.core.webhook;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import im.core.error.InvalidField;

/** What an endpoint can be told of. The codes are part of the public API. */
public enum WebhookEventType {

	/** A message was stored in a conversation (system messages too). */
	MESSAGE_CREATED("message.created"),

	/** A message's text was edited. */
	MESSAGE_EDITED("message.edited"),

	/** A message was recalled. */
	MESSAGE_RECALLED("message.recalled"),

	/**
	 * A message was stored for a member who had no open connection anywhere at that
	 * moment: the cue for a mobile push (FCM, APNs) from the integrator's side.
	 */
	MESSAGE_UNDELIVERED("message.undelivered"),

	/** Users joined a group (its creation included). */
	CONVERSATION_MEMBER_ADDED("conversation.member-added"),

	/** A member left a group or was removed. */
	CONVERSATION_MEMBER_REMOVED("conversation.member-removed"),

	/** An account was opened. */
	USER_REGISTERED("user.registered"),

	/** A call ended, for whatever reason. */
	CALL_ENDED("call.ended"),

	/** A live room was closed. */
	ROOM_CLOSED("room.closed");

	private final String code;

	WebhookEventType(String code) {
		this.code = code;
	}

	@JsonValue
	public String code() {
		return this.code;
	}

	@JsonCreator
	public static WebhookEventType of(String code) {
		return Arrays.stream(values())
			.filter((type) -> type.code.equals(code))
			.findFirst()
			.orElseThrow(() -> new InvalidField("events", "Unknown event type '" + code + "'; the types are "
					+ Arrays.stream(values()).map(WebhookEventType::code).toList() + "."));
	}

}
