package im.api.stomp;

import java.util.Locale;

import im.api.security.GuestAuthentication;
import im.api.security.RevokedTokens;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.room.RoomSettings;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Authenticates a STOMP CONNECT by the access token in its {@code Authorization} header.
 * A missing, invalid or expired token ends the connection with an ERROR frame that tells
 * which; a valid one becomes the session's user, and the session is closed when the token
 * expires.
 */
@Component
class ConnectAuthenticator implements ChannelInterceptor {

	private static final String BEARER = "bearer ";

	private final JwtDecoder decoder;

	private final JwtAuthenticationConverter converter;

	private final ConnectedDevices devices;

	private final RoomSettings rooms;

	ConnectAuthenticator(JwtDecoder decoder, JwtAuthenticationConverter converter, ConnectedDevices devices,
			RoomSettings rooms) {
		this.decoder = decoder;
		this.converter = converter;
		this.devices = devices;
		this.rooms = rooms;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() != StompCommand.CONNECT) {
			return message;
		}
		if (isGuest(accessor)) {
			if (!this.rooms.guestsEnabled()) {
				throw new DomainException(ErrorCode.UNAUTHENTICATED,
						"This server admits no guests; CONNECT with 'Authorization: Bearer <accessToken>'.");
			}
			accessor.setUser(new GuestAuthentication());
			return message;
		}
		accessor.setUser(this.converter.convert(decode(bearerToken(accessor))));
		this.devices.connecting(accessor.getSessionId(), accessor.getFirstNativeHeader(ConnectedDevices.HEADER));
		return message;
	}

	/** A CONNECT without a token that asks to follow live rooms as a guest. */
	private static boolean isGuest(StompHeaderAccessor accessor) {
		return "true".equals(accessor.getFirstNativeHeader("guest"))
				&& accessor.getFirstNativeHeader("Authorization") == null
				&& accessor.getFirstNativeHeader("authorization") == null;
	}

	private static String bearerToken(StompHeaderAccessor accessor) {
		String header = accessor.getFirstNativeHeader("Authorization");
		if (header == null) {
			// some STOMP libraries lower-case header names
			header = accessor.getFirstNativeHeader("authorization");
		}
		if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)
				|| header.substring(BEARER.length()).isBlank()) {
			throw new DomainException(ErrorCode.UNAUTHENTICATED,
					"CONNECT needs the header 'Authorization: Bearer <accessToken>'; get a token from POST /api/v1/auth/login.");
		}
		return header.substring(BEARER.length()).strip();
	}

	private Jwt decode(String token) {
		try {
			return this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			if (ex.getErrors().stream().anyMatch((error) -> RevokedTokens.BANNED.equals(error.getDescription()))) {
				throw new DomainException(ErrorCode.ACCOUNT_BANNED, "This account is banned.");
			}
			boolean expired = ex.getErrors()
				.stream()
				.anyMatch(
						(error) -> String.valueOf(error.getDescription()).toLowerCase(Locale.ROOT).contains("expired"));
			if (expired) {
				throw new DomainException(ErrorCode.TOKEN_EXPIRED,
						"The access token expired; refresh it and connect again.");
			}
			throw new DomainException(ErrorCode.TOKEN_INVALID, "The access token is not valid; sign in again.");
		}
		catch (JwtException ex) {
			throw new DomainException(ErrorCode.TOKEN_INVALID, "The access token is not valid; sign in again.");
		}
	}

}
