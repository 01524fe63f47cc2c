package im.api.stomp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import im.api.problem.Causes;
import im.core.error.DomainException;
import org.slf4j.Marker;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;

/**
 * Keeps refused frames out of the error log. With receive order preserved, Spring logs
 * every frame refused on the inbound channel as an error with a stack trace, though the
 * refusal (a bad token, a forbidden destination) is the client's mistake and
 * {@link InboundFailures} has answered it with an ERROR frame. Anything else still gets
 * logged. Installed by {@code logback-spring.xml}.
 */
public class AnsweredRefusals extends TurboFilter {

	private static final String HANDLER = StompSubProtocolHandler.class.getName();

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		boolean refusal = t != null && level == Level.ERROR && HANDLER.equals(logger.getName())
				&& (Causes.find(t, DomainException.class) != null
						|| Causes.find(t, AccessDeniedException.class) != null);
		return refusal ? FilterReply.DENY : FilterReply.NEUTRAL;
	}

}
