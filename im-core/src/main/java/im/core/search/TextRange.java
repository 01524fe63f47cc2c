package im.core.search;

/**
 * Characters {@code start} (inclusive) to {@code end} (exclusive) of a text, counted in
 * UTF-16 code units as Java and JavaScript count them.
 */
public record TextRange(int start, int end) {

}
