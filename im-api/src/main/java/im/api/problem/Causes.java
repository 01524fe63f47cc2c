package im.api.problem;

/**
 * Finds what really went wrong inside the wrappers frameworks put around an exception.
 */
public final class Causes {

	private Causes() {
	}

	/** The first exception of the type in the cause chain, or null. */
	public static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
