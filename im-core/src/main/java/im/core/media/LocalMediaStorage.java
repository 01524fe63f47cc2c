package im.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Files in a local folder. Keys are generated ids, never client input, so they cannot
 * escape the folder. (A cluster needs storage all instances share: a shared volume
 * mounted at the same path, or an object store behind {@link MediaStorage}.)
 */
@Component
class LocalMediaStorage implements MediaStorage {

	private final Path root;

	LocalMediaStorage(MediaSettings settings, @Value("${im.data-dir}") Path dataDir) {
		this.root = (settings.directory() != null) ? settings.directory() : dataDir.resolve("media");
	}

	@Override
	public void store(String key, byte[] bytes) throws IOException {
		Path target = resolve(key);
		Files.createDirectories(target.getParent());
		Path partial = target.resolveSibling(target.getFileName() + ".part");
		Files.write(partial, bytes);
		// readers never see half a file
		Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	@Override
	public InputStream open(String key) throws IOException {
		return Files.newInputStream(resolve(key));
	}

	private Path resolve(String key) {
		// two levels of fan-out keep directories small
		return this.root.resolve(key.substring(0, 2)).resolve(key);
	}

}
