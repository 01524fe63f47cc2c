package im.core.account;

/** The display name rule: free text on one line, shown to other users. */
final class DisplayNames {

	static final String PATTERN = "[^\\p{Cntrl}]*";

	static final String RULE = "must not contain control characters";

	private DisplayNames() {
	}

}
