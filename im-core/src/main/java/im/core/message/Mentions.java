package im.core.message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import im.core.account.UserId;

/**
 * Who a message names: members by {@code @username}, everyone by {@code @all}. A name
 * that is no member's names no one; the sender is never mentioned by their own message.
 * Mentions are those of the message as sent: an edit changes no one's.
 *
 * @param userIds the members named, in the order named
 * @param all whether the message says {@code @all}
 */
record Mentions(List<Long> userIds, boolean all) {

	static final Mentions NONE = new Mentions(List.of(), false);

	/**
	 * {@code @} and a username, not inside a word or an address ({@code x@example.com}
	 * names no one).
	 */
	private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})");

	private static final String ALL = "all";

	boolean any() {
		return this.all || !this.userIds.isEmpty();
	}

	/**
	 * The usernames the text names (each also without the dots and dashes that end a
	 * sentence: "ask @bob." names bob), and whether it says {@code @all}.
	 */
	static Named named(String text) {
		if (text == null || text.indexOf('@') < 0) {
			return Named.NOTHING;
		}
		Set<String> usernames = new LinkedHashSet<>();
		boolean all = false;
		Matcher matcher = MENTION.matcher(text);
		while (matcher.find()) {
			String name = matcher.group(1);
			String trimmed = name.replaceAll("[.-]+$", "");
			if (trimmed.equalsIgnoreCase(ALL)) {
				all = true;
				continue;
			}
			usernames.add(name);
			if (trimmed.length() >= 3 && !trimmed.equals(name)) {
				usernames.add(trimmed);
			}
		}
		return new Named(usernames, all);
	}

	/** These mentions among the conversation's members, without the sender. */
	Mentions among(List<UserId> members, UserId sender) {
		if (!any()) {
			return NONE;
		}
		List<Long> named = new ArrayList<>();
		for (Long id : this.userIds) {
			if (id != sender.value() && members.contains(new UserId(id)) && !named.contains(id)) {
				named.add(id);
			}
		}
		return new Mentions(List.copyOf(named), this.all);
	}

	/** What a text names, before the names are looked up. */
	record Named(Set<String> usernames, boolean all) {

		static final Named NOTHING = new Named(Set.of(), false);

	}

}
