package im.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells a file's type from its first bytes (magic numbers), never from its name or the
 * type a client claims: a script named {@code cat.png} is not an image.
 */
final class ContentSniffer {

	static final String OCTET_STREAM = "application/octet-stream";

	private ContentSniffer() {
	}

	static String sniff(byte[] bytes) {
		if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return "image/png";
		}
		if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
			return "image/jpeg";
		}
		if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) {
			return "image/gif";
		}
		if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) {
			return "image/webp";
		}
		if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) {
			return "audio/wav";
		}
		if (ascii(bytes, 0, "OggS")) {
			return "audio/ogg";
		}
		if (ascii(bytes, 0, "ID3") || (bytes.length > 1 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xE0) == 0xE0)) {
			return "audio/mpeg";
		}
		if (ascii(bytes, 4, "ftyp")) {
			String brand = (bytes.length >= 12) ? new String(bytes, 8, 4, StandardCharsets.US_ASCII) : "";
			return brand.startsWith("M4A") ? "audio/mp4" : "video/mp4";
		}
		if (startsWith(bytes, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
			return "video/webm";
		}
		if (ascii(bytes, 0, "%PDF-")) {
			return "application/pdf";
		}
		if (startsWith(bytes, 0, 'P', 'K', 0x03, 0x04)) {
			return "application/zip";
		}
		return looksLikeText(bytes) ? "text/plain" : OCTET_STREAM;
	}

	/** Whether a sniffed type may be uploaded as the kind. Any type is a file. */
	static boolean fits(MediaKind kind, String contentType) {
		return switch (kind) {
			case IMAGE -> contentType.startsWith("image/");
			case VOICE -> contentType.startsWith("audio/") || contentType.equals("video/webm");
			case VIDEO -> contentType.startsWith("video/");
			case FILE -> true;
		};
	}

	private static boolean looksLikeText(byte[] bytes) {
		int n = Math.min(bytes.length, 512);
		for (int i = 0; i < n; i++) {
			int b = bytes[i] & 0xFF;
			if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) {
				return false;
			}
		}
		return n > 0;
	}

	private static boolean ascii(byte[] bytes, int offset, String text) {
		byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
		return bytes.length >= offset + expected.length
				&& Arrays.equals(bytes, offset, offset + expected.length, expected, 0, expected.length);
	}

	private static boolean startsWith(byte[] bytes, int offset, int... expected) {
		if (bytes.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if ((bytes[offset + i] & 0xFF) != expected[i]) {
				return false;
			}
		}
		return true;
	}

}
