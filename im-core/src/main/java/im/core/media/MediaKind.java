package im.core.media;

/** What an upload is for; each kind accepts its own content types and size. */
public enum MediaKind {

	IMAGE, VOICE, VIDEO, FILE

}
