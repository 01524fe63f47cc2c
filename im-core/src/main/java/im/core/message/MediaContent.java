package im.core.message;

import java.io.InputStream;

import im.core.media.MediaInfo;

/** An upload's description and its bytes, for a reader allowed to see it. */
public record MediaContent(MediaInfo info, InputStream stream) {

}
