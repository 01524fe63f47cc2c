/** Uploaded media: type sniffing, size limits per kind, thumbnails, storage. */
package im.core.media;
