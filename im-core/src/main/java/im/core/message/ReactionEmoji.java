package im.core.message;

import java.text.BreakIterator;

import im.core.error.InvalidField;

/**
 * What a reaction may be: one emoji as people see it, a single grapheme cluster of emoji
 * code points, with the joiners, variation selectors, skin tones and tags that compose
 * one (a family, a flag, 👍🏽). Not text, not two emoji.
 */
final class ReactionEmoji {

	/** The column's width; the longest emoji sequences are about 35 UTF-16 units. */
	static final int MAX_LENGTH = 64;

	private static final int ZERO_WIDTH_JOINER = 0x200D;

	private static final int VARIATION_SELECTOR_16 = 0xFE0F;

	private static final int KEYCAP = 0x20E3;

	private static final int REGIONAL_INDICATOR_A = 0x1F1E6;

	private static final int REGIONAL_INDICATOR_Z = 0x1F1FF;

	private ReactionEmoji() {
	}

	/** The emoji, or an {@code emoji} field error saying why it is not one. */
	static String valid(String emoji) {
		if (emoji == null || emoji.isEmpty()) {
			throw new InvalidField("emoji", "emoji is required: one emoji, such as 👍.");
		}
		if (emoji.length() > MAX_LENGTH || !oneGrapheme(emoji) || !emoji.codePoints().allMatch(ReactionEmoji::part)
				|| emoji.codePoints().noneMatch(ReactionEmoji::pictograph)) {
			throw new InvalidField("emoji", "A reaction is one emoji, such as 👍; '" + shortened(emoji) + "' is not.");
		}
		return emoji;
	}

	private static boolean oneGrapheme(String text) {
		BreakIterator graphemes = BreakIterator.getCharacterInstance();
		graphemes.setText(text);
		graphemes.first();
		return graphemes.next() == text.length();
	}

	private static boolean part(int codePoint) {
		return Character.isEmoji(codePoint) || Character.isEmojiComponent(codePoint) || codePoint == ZERO_WIDTH_JOINER
				|| codePoint == VARIATION_SELECTOR_16 || codePoint == KEYCAP;
	}

	/**
	 * What makes a sequence an emoji and not a plain character that has an emoji form
	 * (digits, {@code #} and {@code *} have one): a pictograph, a keycap, or a flag's
	 * regional indicators.
	 */
	private static boolean pictograph(int codePoint) {
		return Character.isExtendedPictographic(codePoint) || codePoint == KEYCAP
				|| (codePoint >= REGIONAL_INDICATOR_A && codePoint <= REGIONAL_INDICATOR_Z);
	}

	private static String shortened(String text) {
		return (text.length() <= 16) ? text : text.substring(0, 16) + "…";
	}

}
