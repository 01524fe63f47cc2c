package im.core.message;

/**
 * What a message carries. Clients send {@link #TEXT} and {@link #LINK}; {@link #SYSTEM}
 * messages record membership changes and are written by the server. (Image, voice, video
 * and file messages arrive with media upload.)
 */
public enum MessageKind {

	TEXT, LINK, SYSTEM

}
