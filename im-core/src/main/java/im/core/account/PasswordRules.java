package im.core.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import im.core.error.InvalidField;

/**
 * What a new password may not be, after NIST SP 800-63B (5.1.1.2): one of the passwords
 * that guessers try first, or one that contains the username. Lengths (8 characters to 72
 * bytes) are checked on the requests.
 * <p>
 * The list is nbvcxz's 100,000 most common passwords (MIT licence), read from its jar: no
 * network at run time. Of it, the entries that the length rule would not already refuse
 * are kept as sorted 64-bit hashes, about 420 KB, read on the first check.
 */
final class PasswordRules {

	private static final String LIST = "/dictionaries/passwords.txt";

	private static final int MIN_LENGTH = 8;

	private PasswordRules() {
	}

	/**
	 * @param field the request's field that carries the password, named in the refusal
	 * @throws InvalidField when the password is too common or contains the username
	 */
	static void check(String field, String username, String password) {
		String lower = password.toLowerCase(Locale.ROOT);
		if (lower.contains(Usernames.normalize(username))) {
			throw new InvalidField(field, field + " must not contain the username.");
		}
		if (Arrays.binarySearch(Common.HASHES, hash(lower)) >= 0) {
			throw new InvalidField(field,
					field + " is one of the most common passwords, which are guessed first; choose another.");
		}
	}

	/**
	 * FNV-1a: quick and, at 64 bits, without collisions that matter for 53,000 entries.
	 */
	private static long hash(String value) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < value.length(); i++) {
			hash ^= value.charAt(i);
			hash *= 0x100000001b3L;
		}
		return hash;
	}

	/** Loaded on first use: an instance that never takes a password never reads it. */
	private static final class Common {

		static final long[] HASHES = load();

		private static long[] load() {
			InputStream list = PasswordRules.class.getResourceAsStream(LIST);
			if (list == null) {
				throw new IllegalStateException(LIST + " is missing: the nbvcxz jar is not on the class path");
			}
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
				return reader.lines()
					.map(String::strip)
					.filter((line) -> line.length() >= MIN_LENGTH)
					.mapToLong((line) -> hash(line.toLowerCase(Locale.ROOT)))
					.sorted()
					.distinct()
					.toArray();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
