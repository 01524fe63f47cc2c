package im.core.media;

import java.io.IOException;
import java.io.InputStream;

/** Where uploaded bytes are kept, by key. */
public interface MediaStorage {

	void store(String key, byte[] bytes) throws IOException;

	/** The stored bytes; the caller closes the stream. */
	InputStream open(String key) throws IOException;

}
