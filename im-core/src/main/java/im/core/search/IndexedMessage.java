package im.core.search;

import java.time.Instant;

/**
 * A message as the search index holds it: what a query filters on, and its searchable
 * text ({@link #searchable}).
 *
 * @param senderId null for system messages (which are not indexed)
 * @param hasFile whether it carries an upload (an image, voice, video or file)
 */
record IndexedMessage(long id, long conversationId, long seq, Long senderId, Instant createdAt, boolean hasFile,
		String text) {

	/**
	 * The text a message is found by: its text, and the name of the file it carries. Used
	 * for indexing and again for checking a hit against the message as it is now.
	 */
	static String searchable(String body, String fileName) {
		if (fileName == null || fileName.isBlank()) {
			return (body != null) ? body : "";
		}
		String name = MessageAnalysis.fileNameWords(fileName);
		return (body == null || body.isBlank()) ? name : body + "\n" + name;
	}

}
