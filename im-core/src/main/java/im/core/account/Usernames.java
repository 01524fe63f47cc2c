package im.core.account;

import java.util.Locale;

/** The username rule, in one place for validation and normalisation. */
public final class Usernames {

	static final String PATTERN = "[A-Za-z0-9_.-]{3,32}";

	static final String RULE = "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'";

	private Usernames() {
	}

	/** Usernames are unique case-insensitively: the stored form is lower case. */
	public static String normalize(String username) {
		return username.trim().toLowerCase(Locale.ROOT);
	}

}
