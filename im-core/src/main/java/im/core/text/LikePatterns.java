package im.core.text;

import java.util.Locale;

/** SQL LIKE patterns built from what people type. */
public final class LikePatterns {

	private LikePatterns() {
	}

	/**
	 * A lower-case pattern matching text that contains {@code query}, for a query written
	 * {@code lower(column) like :pattern escape '\'}: the query's own {@code %} and
	 * {@code _} match only themselves. A null or blank query matches everything.
	 */
	public static String containing(String query) {
		String needle = (query == null) ? "" : query.strip().toLowerCase(Locale.ROOT);
		return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
