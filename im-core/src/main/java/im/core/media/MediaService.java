package im.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * Uploads: checked by kind and size, typed by their bytes, stored, and for images given
 * dimensions and a thumbnail. Who may download is decided with the messages that carry
 * them.
 */
@Service
@Transactional
public class MediaService {

	private static final String THUMBNAIL_SUFFIX = "-thumb";

	private final MediaRepository media;

	private final MediaStorage storage;

	private final MediaSettings settings;

	private final Clock clock;

	MediaService(MediaRepository media, MediaStorage storage, MediaSettings settings, Clock clock) {
		this.media = media;
		this.storage = storage;
		this.settings = settings;
		this.clock = clock;
	}

	/** Refuses an upload of the kind that is larger than its limit, before it is read. */
	public void checkSize(MediaKind kind, long size) {
		DataSize max = this.settings.maxSize(kind);
		if (size > max.toBytes()) {
			throw tooLarge(kind, max);
		}
	}

	public MediaInfo upload(UserId owner, MediaKind kind, String fileName, byte[] bytes) {
		checkSize(kind, bytes.length);
		if (bytes.length == 0) {
			throw new InvalidField("file", "The file is empty.");
		}
		String contentType = ContentSniffer.sniff(bytes);
		if (!ContentSniffer.fits(kind, contentType)) {
			throw new DomainException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The file's content is " + contentType
					+ ", which is not accepted as " + kind.name().toLowerCase(Locale.ROOT) + "; upload it as a file.");
		}
		String id = UUID.randomUUID().toString();
		Thumbnails.Result image = (kind == MediaKind.IMAGE)
				? Thumbnails.of(bytes, this.settings.thumbnailSize(), this.settings.maxImagePixels())
				: Thumbnails.Result.NONE;
		try {
			this.storage.store(id, bytes);
			if (image.thumbnail() != null) {
				this.storage.store(id + THUMBNAIL_SUFFIX, image.thumbnail());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not store upload " + id, ex);
		}
		return this.media
			.save(new Media(id, owner.value(), kind, contentType, safeName(fileName), bytes.length, image,
					this.clock.instant()))
			.toInfo();
	}

	@Transactional(readOnly = true)
	public MediaInfo find(String id) {
		return this.media.findById(id)
			.map(Media::toInfo)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No media with id " + id + "."));
	}

	@Transactional(readOnly = true)
	public List<MediaInfo> findAll(Collection<String> ids) {
		return this.media.findAllById(ids).stream().map(Media::toInfo).toList();
	}

	/**
	 * The stored bytes, or the thumbnail's; the caller checked access and closes the
	 * stream.
	 */
	public InputStream open(MediaInfo info, boolean thumbnail) {
		if (thumbnail && !info.hasThumbnail()) {
			throw new DomainException(ErrorCode.NOT_FOUND, "This media has no thumbnail.");
		}
		try {
			return this.storage.open(thumbnail ? info.id() + THUMBNAIL_SUFFIX : info.id());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read media " + info.id(), ex);
		}
	}

	private static DomainException tooLarge(MediaKind kind, DataSize max) {
		return new DomainException(ErrorCode.PAYLOAD_TOO_LARGE, kind.name().charAt(0)
				+ kind.name().substring(1).toLowerCase(Locale.ROOT) + " uploads may be at most " + describe(max) + ".");
	}

	private static String describe(DataSize size) {
		return (size.toMegabytes() >= 1) ? size.toMegabytes() + " MB" : size.toKilobytes() + " KB";
	}

	/** The name to offer on download: no path, no control characters, not too long. */
	private static String safeName(String fileName) {
		String name = (fileName == null) ? "" : fileName;
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = name.replaceAll("[\\p{Cntrl}\"]", "_").strip();
		if (name.length() > 200) {
			name = name.substring(name.length() - 200);
		}
		return name.isEmpty() || name.equals(".") || name.equals("..") ? "file" : name;
	}

}
