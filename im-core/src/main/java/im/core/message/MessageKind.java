package im.core.message;

import im.core.media.MediaKind;

/**
 * What a message carries. Clients send {@link #TEXT} and {@link #LINK} with text, and
 * {@link #IMAGE}, {@link #VOICE}, {@link #VIDEO} and {@link #FILE} with an uploaded media
 * id and an optional caption; {@link #SYSTEM} messages record group changes and are
 * written by the server.
 */
public enum MessageKind {

	TEXT, LINK, IMAGE, VOICE, VIDEO, FILE, SYSTEM;

	/** The kind of upload a message of this kind carries, or null for text kinds. */
	public MediaKind mediaKind() {
		return switch (this) {
			case IMAGE -> MediaKind.IMAGE;
			case VOICE -> MediaKind.VOICE;
			case VIDEO -> MediaKind.VIDEO;
			case FILE -> MediaKind.FILE;
			default -> null;
		};
	}

}
