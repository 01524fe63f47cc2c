package im.api.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import im.core.delivery.ConnectionCounts;
import im.core.delivery.SessionRegistry;
import im.core.message.MessageService;
import im.core.push.PushService;
import im.signaling.call.CallService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The dashboard's figures over the last 24 hours, for the console's charts: taken by this
 * instance every {@code IM_DASHBOARD_SAMPLE_EVERY} and kept in its memory, no external
 * Prometheus needed. Every figure is the cluster's: users online, connections per
 * instance, messages and calls from the session registry and the database; pushes and
 * server errors, counted where they happen, summed over the instances
 * ({@link InstanceTotals}). An instance that starts has no history before it.
 */
@Component
class DashboardHistory {

	private static final Logger log = LoggerFactory.getLogger(DashboardHistory.class);

	private static final Duration KEPT = Duration.ofHours(24);

	/** The most points one chart draws: a 24-hour window is thinned to this. */
	private static final int MAX_POINTS = 1440;

	private final SessionRegistry registry;

	private final MessageService messages;

	private final CallService calls;

	private final MeterRegistry meters;

	private final Clock clock;

	private final InstanceTotals totals;

	private final ArrayDeque<Sample> samples = new ArrayDeque<>();

	DashboardHistory(SessionRegistry registry, MessageService messages, CallService calls, MeterRegistry meters,
			Clock clock, InstanceTotals totals) {
		this.totals = totals;
		this.registry = registry;
		this.messages = messages;
		this.calls = calls;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Takes the figures now; a figure that cannot be had (Redis, the database down) is
	 * skipped.
	 */
	@Scheduled(fixedDelayString = "${im.dashboard.sample-every:10s}", initialDelay = 1000)
	void sample() {
		Instant now = this.clock.instant();
		try {
			ConnectionCounts counts = this.registry.connectionCounts();
			InstanceTotals.Totals totals = this.totals
				.publish(new InstanceTotals.Totals(total(Search.in(this.meters).name(PushService.ACCEPTED)),
						total(Search.in(this.meters).name("http.server.requests").tag("outcome", "SERVER_ERROR"))));
			Sample sample = new Sample(now.getEpochSecond(), counts.usersOnline(), counts.connections(),
					Map.copyOf(counts.perInstance()), this.messages.countSince(now.minus(Duration.ofMinutes(1))),
					this.calls.runningCount(), totals.pushes(), totals.errors());
			synchronized (this.samples) {
				this.samples.addLast(sample);
				while (this.samples.peekFirst().at() < now.minus(KEPT).getEpochSecond()) {
					this.samples.removeFirst();
				}
			}
		}
		catch (RuntimeException ex) {
			log.debug("No dashboard sample at {}: {}", now, ex.toString());
		}
	}

	/** The samples of the window, thinned to at most {@link #MAX_POINTS}, as columns. */
	History history(Duration window) {
		List<Sample> taken;
		synchronized (this.samples) {
			taken = new ArrayList<>(this.samples);
		}
		long from = this.clock.instant().minus(window).getEpochSecond();
		List<Sample> inWindow = taken.stream().filter((sample) -> sample.at() >= from).toList();
		int stride = Math.max(1, (inWindow.size() + MAX_POINTS - 1) / MAX_POINTS);
		// the latest sample always, then every stride-th before it
		List<Sample> shown = new ArrayList<>();
		for (int i = inWindow.size() - 1; i >= 0; i -= stride) {
			shown.add(inWindow.get(i));
		}
		Collections.reverse(shown);
		TreeSet<String> instances = new TreeSet<>();
		shown.forEach((sample) -> instances.addAll(sample.perInstance().keySet()));
		List<Long> times = new ArrayList<>();
		List<Long> usersOnline = new ArrayList<>();
		List<Long> connections = new ArrayList<>();
		Map<String, List<Long>> perInstance = new LinkedHashMap<>();
		instances.forEach((instance) -> perInstance.put(instance, new ArrayList<>()));
		List<Long> messages = new ArrayList<>();
		List<Long> calls = new ArrayList<>();
		List<Long> pushes = new ArrayList<>();
		List<Long> errors = new ArrayList<>();
		for (Sample sample : shown) {
			Sample found = before(taken, sample.at() - 60);
			Sample minuteBefore = (found != null) ? found : taken.get(0);
			times.add(sample.at());
			usersOnline.add(sample.usersOnline());
			connections.add(sample.connections());
			instances.forEach((instance) -> perInstance.get(instance).add(sample.perInstance().get(instance)));
			messages.add(sample.messagesLastMinute());
			calls.add(sample.calls());
			pushes.add(perMinute(sample, minuteBefore, Sample::pushes));
			errors.add(perMinute(sample, minuteBefore, Sample::errors));
		}
		return new History(window.toSeconds(), times, usersOnline, connections, perInstance, messages, pushes, calls,
				errors);
	}

	/**
	 * The latest sample taken at or before the time, or null; the samples are in time
	 * order.
	 */
	private static Sample before(List<Sample> samples, long at) {
		int low = 0;
		int high = samples.size() - 1;
		Sample found = null;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			if (samples.get(middle).at() <= at) {
				found = samples.get(middle);
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return found;
	}

	/**
	 * A running total's rise since the sample of a minute before, per minute; since the
	 * first sample, scaled to a minute, when the history does not reach a minute back
	 * (the instance started within it).
	 */
	private static long perMinute(Sample sample, Sample minuteBefore, ToDoubleFunction<Sample> total) {
		if (minuteBefore == null || sample.at() == minuteBefore.at()) {
			return 0;
		}
		double rise = total.applyAsDouble(sample) - total.applyAsDouble(minuteBefore);
		return Math.round(rise * 60.0 / Math.max(60, sample.at() - minuteBefore.at()));
	}

	private static double total(Search search) {
		return search.meters().stream().mapToDouble((meter) -> switch (meter) {
			case Counter counter -> counter.count();
			case Timer timer -> timer.count();
			default -> 0;
		}).sum();
	}

	/**
	 * The figures at one moment (epoch seconds); pushes and errors are running totals.
	 */
	private record Sample(long at, long usersOnline, long connections, Map<String, Long> perInstance,
			long messagesLastMinute, long calls, double pushes, double errors) {

	}

	/**
	 * Columns of the window's samples, oldest first, as charting libraries take them.
	 *
	 * @param window the window's length in seconds
	 * @param times when each sample was taken (epoch seconds)
	 * @param connectionsPerInstance each instance's connections (null where it had none
	 * then)
	 * @param messagesPerMinute messages stored over the whole cluster in the minute
	 * before
	 * @param pushesPerMinute integrator pushes handed over, on every instance
	 * @param errorsPerMinute HTTP requests answered with a server error (5xx), on every
	 * instance
	 */
	record History(long window, List<Long> times, List<Long> usersOnline, List<Long> connections,
			Map<String, List<Long>> connectionsPerInstance, List<Long> messagesPerMinute, List<Long> pushesPerMinute,
			List<Long> calls, List<Long> errorsPerMinute) {

	}

}
