package im.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import im.api.runmode.StartupCheckFailed;
import im.core.RunMode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The key that signs and verifies access tokens. A standalone instance may invent one,
 * and keeps it in its data directory so that tokens survive a restart; a cluster must be
 * given one, since every instance has to accept the tokens of the others.
 */
@Component
class JwtKeys {

	private static final int MIN_BYTES = 32;

	private final SecretKey key;

	JwtKeys(TokenSettings settings, Environment environment, @Value("${im.data-dir}") Path dataDir) {
		String secret = settings.jwtSecret();
		if (secret == null || secret.isBlank()) {
			if (environment.acceptsProfiles(Profiles.of(RunMode.CLUSTER))) {
				throw new StartupCheckFailed("IM_JWT_SECRET is not set: cluster instances need one shared signing key.",
						"Set IM_JWT_SECRET to the same random value of at least " + MIN_BYTES
								+ " bytes on every instance, e.g. the output of 'openssl rand -base64 48'.");
			}
			secret = readOrCreate(dataDir.resolve("jwt-secret"));
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_BYTES) {
			throw new StartupCheckFailed(
					"IM_JWT_SECRET is " + bytes.length + " bytes; HS256 needs at least " + MIN_BYTES + ".",
					"Set IM_JWT_SECRET to a random value of at least " + MIN_BYTES + " bytes.");
		}
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
	}

	SecretKey key() {
		return this.key;
	}

	private static String readOrCreate(Path file) {
		try {
			if (Files.exists(file)) {
				return Files.readString(file).strip();
			}
			Files.createDirectories(file.getParent());
			byte[] random = new byte[48];
			new SecureRandom().nextBytes(random);
			String secret = Base64.getEncoder().encodeToString(random);
			Files.writeString(file, secret);
			restrictToOwner(file);
			return secret;
		}
		catch (IOException ex) {
			throw new StartupCheckFailed(
					"Cannot keep the token signing key at " + file.toAbsolutePath() + ": " + ex.getMessage(),
					"Make IM_DATA_DIR writable, or set IM_JWT_SECRET.");
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system (Windows): the directory's own permissions have to
			// do
		}
	}

}
