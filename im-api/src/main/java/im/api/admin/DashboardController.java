package im.api.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

import im.core.delivery.ConnectionCounts;
import im.core.delivery.SessionRegistry;
import im.core.error.InvalidField;
import im.core.message.MessageService;
import im.core.room.RoomService;
import im.signaling.call.CallService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's figures; here, not in im-admin, because calls live in im-signaling. */
@RestController
@RequestMapping("/api/v1/admin/dashboard")
@Tag(name = "Admin: dashboard", description = "The platform at a glance (ADMIN role only)")
class DashboardController {

	private final SessionRegistry registry;

	private final MessageService messages;

	private final CallService calls;

	private final RoomService rooms;

	private final Clock clock;

	private final DashboardHistory history;

	DashboardController(SessionRegistry registry, MessageService messages, CallService calls, RoomService rooms,
			Clock clock, DashboardHistory history) {
		this.history = history;
		this.registry = registry;
		this.messages = messages;
		this.calls = calls;
		this.rooms = rooms;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "The dashboard's numbers",
			description = "Users online and connections per instance (from the session registry), messages stored "
					+ "in the last minute, calls ringing or running, and the open live rooms with their audiences. "
					+ "Over every instance; cheap enough to poll every few seconds.")
	Dashboard dashboard() {
		Instant now = this.clock.instant();
		ConnectionCounts counts = this.registry.connectionCounts();
		return new Dashboard(now, counts.usersOnline(), counts.connections(), counts.perInstance(),
				this.messages.countSince(now.minus(Duration.ofMinutes(1))), this.calls.runningCount(),
				this.rooms.openRooms()
					.stream()
					.map(Dashboard.Room::of)
					.sorted(Comparator.comparingLong(Dashboard.Room::online).reversed())
					.toList());
	}

	@GetMapping("/history")
	@Operation(summary = "The dashboard's figures over time",
			description = "What the console's charts draw: the samples this instance took (every "
					+ "IM_DASHBOARD_SAMPLE_EVERY, kept 24 hours in its memory) over the last hour ('1h') or day "
					+ "('24h', thinned to at most 1440 points), as columns, oldest first: times (epoch seconds), users "
					+ "online, connections in all and per instance, messages, pushes and server errors per minute, "
					+ "calls; all of them over every instance. An instance that started recently has no history "
					+ "before it.")
	DashboardHistory.History history(
			@Parameter(description = "1h or 24h", example = "1h") @RequestParam(defaultValue = "1h") String window) {
		return this.history.history(switch (window) {
			case "1h" -> Duration.ofHours(1);
			case "24h" -> Duration.ofHours(24);
			default -> throw new InvalidField("window", "window must be 1h or 24h.");
		});
	}

}
