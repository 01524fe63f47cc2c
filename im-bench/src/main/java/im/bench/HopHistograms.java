package im.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster instances' own timings of the hop between them, as they publish them on
 * {@code /actuator/prometheus} (README, "Metrics"):
 * {@code im_delivery_relay_wait_seconds} on the sender,
 * {@code im_delivery_transit_seconds} on the receiver. Read from every instance at the
 * start and at the end of the measured window, the difference tells what the hop took in
 * that window alone, apart from the latency the clients see. Bucket counts are summed
 * over the instances; a percentile is the upper bound of its bucket.
 */
final class HopHistograms {

	private static final List<String> METRICS = List.of("im_delivery_relay_wait_seconds",
			"im_delivery_transit_seconds");

	private static final Pattern BUCKET = Pattern
		.compile("^(im_delivery_(?:relay_wait|transit)_seconds)_bucket\\{(?:.*,)?le=\"([^\"]+)\".*\\} (\\S+)$");

	/** Per metric, the cumulative count at each bucket's upper bound (seconds). */
	private final Map<String, TreeMap<Double, Double>> buckets;

	private HopHistograms(Map<String, TreeMap<Double, Double>> buckets) {
		this.buckets = buckets;
	}

	/** The histograms in the instances' Prometheus pages, summed. */
	static HopHistograms of(List<String> pages) {
		Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
		for (String page : pages) {
			for (String line : page.split("\n")) {
				Matcher matcher = BUCKET.matcher(line);
				if (matcher.matches()) {
					double le = matcher.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY
							: Double.parseDouble(matcher.group(2));
					buckets.computeIfAbsent(matcher.group(1), (metric) -> new TreeMap<>())
						.merge(le, Double.parseDouble(matcher.group(3)), Double::sum);
				}
			}
		}
		return new HopHistograms(buckets);
	}

	/**
	 * One line per histogram, of what was counted since {@code before}: count, p50 and
	 * p99; empty where the instances publish none (standalone mode).
	 */
	String since(HopHistograms before) {
		StringBuilder text = new StringBuilder();
		for (String metric : METRICS) {
			TreeMap<Double, Double> now = this.buckets.get(metric);
			if (now == null) {
				continue;
			}
			TreeMap<Double, Double> then = before.buckets.getOrDefault(metric, new TreeMap<>());
			TreeMap<Double, Double> window = new TreeMap<>();
			now.forEach((le, count) -> window.put(le, count - then.getOrDefault(le, 0.0)));
			double total = window.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
			text.append(String.format("  %s (the instances' histogram): %.0f deliveries, p50 %s, p99 %s%n", metric,
					total, bound(window, total, 0.50), bound(window, total, 0.99)));
		}
		return text.toString();
	}

	/** The upper bound of the bucket that holds quantile {@code q}. */
	private static String bound(TreeMap<Double, Double> window, double total, double q) {
		if (total == 0) {
			return "-";
		}
		double last = 0;
		for (Map.Entry<Double, Double> bucket : window.entrySet()) {
			if (bucket.getValue() >= q * total) {
				return bucket.getKey().isInfinite() ? String.format("> %.1f ms", last * 1000)
						: String.format("<= %.1f ms", bucket.getKey() * 1000);
			}
			last = bucket.getKey();
		}
		return "-";
	}

}
