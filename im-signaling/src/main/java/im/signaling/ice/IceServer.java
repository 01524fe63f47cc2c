package im.signaling.ice;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a browser's {@code RTCConfiguration.iceServers}: STUN servers have urls
 * only, TURN servers a username and credential too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceServer(List<String> urls, String username, String credential) {

}
