package im.core.account;

import java.util.Locale;

/** The username rule, in one place for validation and normalisation. */
public final class Usernames {

	static final String PATTERN = "[A-Za-z0-9_.-]{3,32}";

	static final String RULE = "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'";

	private Usernames() {
	}

	/**
	 * A valid username from what an identity provider offers (an e-mail address, a name
	 * with spaces): lower case, the local part of an address, other characters as '-', at
	 * most 32; the subject's when nothing usable is left.
	 */
	static String fromWish(String wish, String subject) {
		String base = (wish != null && !wish.isBlank()) ? wish : subject;
		int at = base.indexOf('@');
		if (at > 0) {
			base = base.substring(0, at);
		}
		String made = base.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-");
		if (made.length() > 32) {
			made = made.substring(0, 32);
		}
		while (made.length() < 3) {
			made = made + "_";
		}
		return made;
	}

	/** Usernames are unique case-insensitively: the stored form is lower case. */
	public static String normalize(String username) {
		return username.trim().toLowerCase(Locale.ROOT);
	}

}
