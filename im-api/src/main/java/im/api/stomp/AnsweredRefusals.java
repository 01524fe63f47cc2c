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
 * {@link InboundFailures} has answered it with an ERROR frame; it logs frames it cannot
 * read, and frames before CONNECT, the same way, which {@link StompErrors} answers and
 * notes in one line now and then ({@link ClientMistake}). Anything else still gets
 * logged. Installed by {@code logback-spring.xml}.
 */
public class AnsweredRefusals extends TurboFilter {

	private static final String HANDLER = StompSubProtocolHandler.class.getName();

	private static final String UNSENT = "Failed to send message to MessageChannel in session ";

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != Level.ERROR || !HANDLER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		boolean refusal = (t != null)
				? Causes.find(t, DomainException.class) != null || Causes.find(t, AccessDeniedException.class) != null
						|| ClientMistake.of(t) != null || ClientMistake.lateFrame(t)
				// a frame before CONNECT: Spring logs the exception's message only
				: format != null && format.startsWith(UNSENT) && format.contains(":Unknown session");
		return refusal ? FilterReply.DENY : FilterReply.NEUTRAL;
	}

}
