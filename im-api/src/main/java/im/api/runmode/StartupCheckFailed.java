package im.api.runmode;

/**
 * A start-up precondition that does not hold, told as what is wrong and what to set.
 * Turned into a short report by {@link StartupCheckFailureAnalyzer} instead of a stack
 * trace.
 */
public class StartupCheckFailed extends RuntimeException {

	private final String action;

	public StartupCheckFailed(String description, String action) {
		super(description);
		this.action = action;
	}

	public String action() {
		return this.action;
	}

}
