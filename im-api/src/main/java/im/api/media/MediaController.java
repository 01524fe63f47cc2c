package im.api.media;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import im.api.security.CurrentUser;
import im.core.media.MediaInfo;
import im.core.media.MediaKind;
import im.core.media.MediaService;
import im.core.message.MediaContent;
import im.core.message.MessageService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/media")
@Tag(name = "Media", description = "Uploading and downloading images, voice, video and files")
class MediaController {

	private final MediaService media;

	private final MessageService messages;

	MediaController(MediaService media, MessageService messages) {
		this.media = media;
		this.messages = messages;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
					schema = @Schema(implementation = UploadForm.class)))
	@Operation(summary = "Upload",
			description = "Multipart form with 'file' and 'kind' (IMAGE, VOICE, VIDEO or FILE). The content type is read "
					+ "from the bytes, not the name: an image must be PNG, JPEG, GIF or WebP; voice an audio format (or "
					+ "WebM); video MP4 or WebM; a file anything. Sizes are limited per kind (IM_MAX_IMAGE_SIZE 10 MB, "
					+ "IM_MAX_VOICE_SIZE 5 MB, IM_MAX_VIDEO_SIZE 50 MB, IM_MAX_FILE_SIZE 25 MB; 413 above). Images get "
					+ "a thumbnail. Send the returned id as 'mediaId' in a message of the same kind.")
	ResponseEntity<MediaInfo> upload(Authentication auth,
			@Parameter(hidden = true) @RequestParam("file") MultipartFile file,
			@Parameter(hidden = true) @RequestParam("kind") MediaKind kind) throws IOException {
		// refused before the whole upload is read into memory
		this.media.checkSize(kind, file.getSize());
		MediaInfo stored = this.media.upload(CurrentUser.id(auth), kind, file.getOriginalFilename(), file.getBytes());
		return ResponseEntity.created(URI.create("/api/v1/media/" + stored.id())).body(stored);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Download",
			description = "For the uploader, and for members of a conversation where a message (not recalled) carries it; "
					+ "404 for anyone else. Images are served inline, everything else as an attachment; always with "
					+ "the sniffed content type and 'X-Content-Type-Options: nosniff'.")
	ResponseEntity<InputStreamResource> download(Authentication auth, @PathVariable String id) {
		return serve(this.messages.openMedia(CurrentUser.id(auth), id, false), false);
	}

	@GetMapping("/{id}/thumbnail")
	@Operation(summary = "Thumbnail of an image",
			description = "A JPEG of at most 320 pixels on the longer side; the same access rule as the download. "
					+ "404 when the image has none (WebP, or too large to decode safely).")
	ResponseEntity<InputStreamResource> thumbnail(Authentication auth, @PathVariable String id) {
		return serve(this.messages.openMedia(CurrentUser.id(auth), id, true), true);
	}

	private static ResponseEntity<InputStreamResource> serve(MediaContent content, boolean thumbnail) {
		MediaInfo info = content.info();
		boolean image = info.contentType().startsWith("image/");
		ContentDisposition disposition = (image ? ContentDisposition.inline() : ContentDisposition.attachment())
			.filename(thumbnail ? "thumbnail.jpg" : info.fileName(), StandardCharsets.UTF_8)
			.build();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(thumbnail ? "image/jpeg" : info.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			// even if a browser renders it, nothing in it may run
			.header("Content-Security-Policy", "default-src 'none'; sandbox")
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new InputStreamResource(content.stream()));
	}

	/** The upload's multipart form, as the OpenAPI document describes it. */
	@Schema(name = "MediaUpload", requiredProperties = { "file", "kind" })
	record UploadForm(@Schema(type = "string", format = "binary", description = "The file's bytes") String file,
			@Schema(description = "What the file is: IMAGE, VOICE, VIDEO or FILE") MediaKind kind) {

	}

}
