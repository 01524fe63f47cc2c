package im.core.media;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "media")
class Media {

	@Id
	private String id;

	@Column(nullable = false, updatable = false)
	private long ownerId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private MediaKind kind;

	@Column(nullable = false, updatable = false)
	private String contentType;

	@Column(nullable = false, updatable = false)
	private String fileName;

	@Column(name = "size_bytes", nullable = false, updatable = false)
	private long size;

	@Column(nullable = false, updatable = false)
	private boolean hasThumbnail;

	private Integer width;

	private Integer height;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	protected Media() {
	}

	Media(String id, long ownerId, MediaKind kind, String contentType, String fileName, long size,
			Thumbnails.Result image, Instant createdAt) {
		this.id = id;
		this.ownerId = ownerId;
		this.kind = kind;
		this.contentType = contentType;
		this.fileName = fileName;
		this.size = size;
		this.hasThumbnail = image.thumbnail() != null;
		this.width = image.width();
		this.height = image.height();
		this.createdAt = createdAt;
	}

	MediaInfo toInfo() {
		return new MediaInfo(this.id, this.ownerId, this.kind, this.contentType, this.fileName, this.size,
				this.hasThumbnail, this.width, this.height, this.createdAt);
	}

}
