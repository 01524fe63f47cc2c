package im.api.push;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import im.api.problem.Problems;
import im.api.problem.Problems.FieldProblem;
import im.api.push.PushController.BatchPush;
import im.api.push.PushController.PushResult;
import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.push.DeviceTarget;
import im.core.push.PushService;
import im.core.push.PushSettings;
import im.core.room.RoomService;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Many pushes in one request, for integrators that push a lot: the request's fixed cost
 * (the connection, the key, the rate limit) is paid once. Each push is checked and handed
 * over on its own, in order, and answered on its own: one that is refused (an unknown
 * room, a payload too large, two targets named) refuses nothing else.
 */
@Component
class PushBatches {

	private static final Logger log = LoggerFactory.getLogger(PushBatches.class);

	private final PushService pushes;

	private final RoomService rooms;

	private final PushSettings settings;

	private final Validator validator;

	PushBatches(PushService pushes, RoomService rooms, PushSettings settings, Validator validator) {
		this.pushes = pushes;
		this.rooms = rooms;
		this.settings = settings;
		this.validator = validator;
	}

	/** One result per push, in the order of the pushes. */
	List<PushResult> push(List<BatchPush> batch) {
		if (batch == null || batch.isEmpty() || batch.size() > this.settings.maxBatch()) {
			throw new InvalidField("pushes", "pushes must hold 1 to " + this.settings.maxBatch() + " pushes.");
		}
		List<PushResult> results = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			results.add(one(i, batch.get(i)));
		}
		return results;
	}

	private PushResult one(int index, BatchPush push) {
		String at = "pushes[" + index + "]";
		if (push == null) {
			return refused(Problems.invalid(at + " must be a push.", List.of(new FieldProblem(at, "must be a push"))));
		}
		List<FieldProblem> errors = this.validator.validate(push)
			.stream()
			.sorted(Comparator
				.comparing((ConstraintViolation<BatchPush> violation) -> violation.getPropertyPath().toString()))
			.map((violation) -> new FieldProblem(at + "." + violation.getPropertyPath(), violation.getMessage()))
			.toList();
		if (!errors.isEmpty()) {
			return refused(Problems.invalid(at + " is not valid.", errors));
		}
		if (push.targets() != 1) {
			return refused(Problems.invalid(at + " must name exactly one target.", List
				.of(new FieldProblem(at, "must name exactly one of userIds, devices, roomId and everyone (true)"))));
		}
		try {
			return PushResult.accepted(handOver(push));
		}
		catch (DomainException ex) {
			List<FieldProblem> fields = Problems.fieldsOf(ex)
				.stream()
				.map((field) -> new FieldProblem(at + "." + field.field(), field.message()))
				.toList();
			return refused(fields.isEmpty() ? Problems.of(ex.errorCode(), at + ": " + ex.getMessage())
					: Problems.invalid(at + ": " + ex.getMessage(), fields));
		}
		catch (RuntimeException ex) {
			log.error("Unexpected failure of push {} of a batch", index, ex);
			return refused(Problems.of(ErrorCode.INTERNAL, Problems.INTERNAL_DETAIL));
		}
	}

	private long handOver(BatchPush push) {
		if (push.userIds() != null) {
			return this.pushes.toUsers(push.userIds().stream().map(UserId::new).toList(), push.type(), push.payload());
		}
		if (push.devices() != null) {
			return this.pushes.toDevices(
					push.devices().stream().map((d) -> new DeviceTarget(new UserId(d.userId()), d.deviceId())).toList(),
					push.type(), push.payload());
		}
		if (push.roomId() != null) {
			return this.rooms.push(push.roomId(), push.type(), push.payload());
		}
		return this.pushes.toEveryone(push.type(), push.payload());
	}

	private static PushResult refused(ProblemDetail problem) {
		return new PushResult(problem.getStatus(), null, problem);
	}

}
