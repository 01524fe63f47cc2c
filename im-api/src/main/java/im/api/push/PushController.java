package im.api.push;

import java.util.List;

import im.core.account.UserId;
import im.core.push.DeviceTarget;
import im.core.push.PushService;
import im.core.room.RoomService;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/push")
@Tag(name = "Push", description = "Pushes from integrators' back-ends to clients (GoIM's push API), with an API key "
		+ "of scope 'push' in X-Api-Key. Clients receive {type, payload, serverTime} on /user/queue/push. Pushes "
		+ "are not stored: a connection that is not open gets nothing.")
@SecurityRequirement(name = "apiKey")
class PushController {

	private final PushService pushes;

	private final RoomService rooms;

	private final PushBatches batches;

	PushController(PushService pushes, RoomService rooms, PushBatches batches) {
		this.pushes = pushes;
		this.rooms = rooms;
		this.batches = batches;
	}

	@PostMapping("/users")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Push to users",
			description = "To every connection of each user (up to IM_PUSH_MAX_TARGETS users). 'sessions' counts "
					+ "their open connections: exact on one instance, accepted (as the session registry knows "
					+ "them) in a cluster.")
	Accepted users(@Valid @RequestBody ToUsers request) {
		return new Accepted(this.pushes.toUsers(request.userIds().stream().map(UserId::new).toList(), request.type(),
				request.payload()));
	}

	@PostMapping("/devices")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Push to devices",
			description = "To the connections that named the device in their CONNECT frame (header device-id), "
					+ "for each {userId, deviceId}. 'sessions' counts the devices whose user is connected.")
	Accepted devices(@Valid @RequestBody ToDevices request) {
		return new Accepted(this.pushes.toDevices(
				request.devices().stream().map((d) -> new DeviceTarget(new UserId(d.userId()), d.deviceId())).toList(),
				request.type(), request.payload()));
	}

	@PostMapping("/rooms/{roomId}")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Push to a live room",
			description = "To everyone in the room, on /topic/rooms/{roomId} as {type: 'push', roomId, pushType, "
					+ "payload, serverTime}. 'sessions' is the room's audience. 404 for no such room, 410 for a "
					+ "closed one.")
	Accepted room(@PathVariable String roomId, @Valid @RequestBody ToEveryone request) {
		return new Accepted(this.rooms.push(roomId, request.type(), request.payload()));
	}

	@PostMapping("/broadcast")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Push to everyone online",
			description = "To every open connection on every instance. 'sessions' counts them.")
	Accepted broadcast(@Valid @RequestBody ToEveryone request) {
		return new Accepted(this.pushes.toEveryone(request.type(), request.payload()));
	}

	@PostMapping("/batch")
	@Operation(summary = "Push many at once",
			description = "Up to IM_PUSH_MAX_BATCH pushes in one request (it counts once against the key's rate "
					+ "limit). Each push names exactly one target: 'userIds', 'devices', 'roomId' or 'everyone': true, "
					+ "with its 'type' and 'payload', and is handed over in order, as the single-target operations "
					+ "would. The answer is 200 with one result per push, in the same order: {status: 202, sessions} "
					+ "for a push handed over, {status, problem} with an RFC 9457 problem detail for one refused (an "
					+ "unknown or closed room, a payload too large, several targets): a refused push refuses nothing "
					+ "else. A batch that is empty, too long or not JSON is refused whole (400).")
	Batch batch(@RequestBody BatchRequest request) {
		return new Batch(this.batches.push(request.pushes()));
	}

	/** A push to users. */
	record ToUsers(@NotEmpty @Schema(example = "[12, 31]") List<@NotNull Long> userIds,
			@NotBlank @Size(max = 64) @Schema(example = "order-shipped") String type,
			@NotNull @Schema(example = "{\"orderId\": 42}") JsonNode payload) {

	}

	/** A push to devices. */
	record ToDevices(@NotEmpty List<@Valid @NotNull Device> devices,
			@NotBlank @Size(max = 64) @Schema(example = "session-expiring") String type,
			@NotNull @Schema(example = "{\"inSeconds\": 60}") JsonNode payload) {

	}

	/** One device of a user, by the device-id it connects with. */
	record Device(@NotNull @Schema(example = "12") Long userId,
			@NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}") @Schema(example = "phone-7f3a") String deviceId) {

	}

	/** A push to everyone online. */
	record ToEveryone(@NotBlank @Size(max = 64) @Schema(example = "maintenance") String type,
			@NotNull @Schema(example = "{\"at\": \"2026-12-08T02:00:00Z\"}") JsonNode payload) {

	}

	/** How many connections a push was handed to. */
	record Accepted(long sessions) {

	}

	/** Pushes to send together. */
	record BatchRequest(List<BatchPush> pushes) {

	}

	/**
	 * One push of a batch: one target (users, devices, a room, or everyone), a type and a
	 * payload.
	 */
	record BatchPush(@Size(min = 1) List<@NotNull Long> userIds, @Size(min = 1) List<@Valid @NotNull Device> devices,
			@Size(min = 1, max = 64) String roomId, Boolean everyone, @NotBlank @Size(max = 64) String type,
			@NotNull JsonNode payload) {

		/** How many targets it names. */
		int targets() {
			return ((this.userIds != null) ? 1 : 0) + ((this.devices != null) ? 1 : 0) + ((this.roomId != null) ? 1 : 0)
					+ (Boolean.TRUE.equals(this.everyone) ? 1 : 0);
		}

	}

	/** The results of a batch, one per push, in its order. */
	record Batch(List<PushResult> results) {

	}

	/**
	 * What became of one push: 202 and the connections it was handed to, or the status
	 * and problem detail of its refusal.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PushResult(int status, Long sessions, ProblemDetail problem) {

		static PushResult accepted(long sessions) {
			return new PushResult(HttpStatus.ACCEPTED.value(), sessions, null);
		}

	}

}
