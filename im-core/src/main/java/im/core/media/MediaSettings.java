package im.core.media;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Uploads.
 *
 * @param directory where standalone storage keeps the files ({@code IM_MEDIA_DIR},
 * default {@code <data dir>/media})
 * @param maxImageSize largest image ({@code IM_MAX_IMAGE_SIZE})
 * @param maxVoiceSize largest voice message ({@code IM_MAX_VOICE_SIZE})
 * @param maxVideoSize largest video ({@code IM_MAX_VIDEO_SIZE})
 * @param maxFileSize largest other file ({@code IM_MAX_FILE_SIZE})
 * @param thumbnailSize the longer side of image thumbnails, in pixels
 * @param maxImagePixels images with more pixels are stored without a thumbnail (decoding
 * them could exhaust memory)
 */
@ConfigurationProperties("im.media")
public record MediaSettings(Path directory, @DefaultValue("10MB") DataSize maxImageSize,
		@DefaultValue("5MB") DataSize maxVoiceSize, @DefaultValue("50MB") DataSize maxVideoSize,
		@DefaultValue("25MB") DataSize maxFileSize, @DefaultValue("320") int thumbnailSize,
		@DefaultValue("40000000") long maxImagePixels) {

	public DataSize maxSize(MediaKind kind) {
		return switch (kind) {
			case IMAGE -> this.maxImageSize;
			case VOICE -> this.maxVoiceSize;
			case VIDEO -> this.maxVideoSize;
			case FILE -> this.maxFileSize;
		};
	}

}
