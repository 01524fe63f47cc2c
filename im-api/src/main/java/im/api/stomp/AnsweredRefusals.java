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
 * Keeps answered frames out of the error log. Spring logs every frame that the inbound
 * channel refused or failed on as an error, by the exception's message alone, though each
 * was answered with an ERROR frame ({@link InboundFailures}, {@link StompErrors}) and a
 * failure that is not the client's mistake was logged there with its stack trace; it logs
 * frames it cannot read the same way, with the exception, which {@link StompErrors}
 * answers and notes in one line now and then ({@link ClientMistake}). Anything else still
 * gets logged. Installed by {@code logback-spring.xml}.
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
				: format != null && format.startsWith(UNSENT);
		return refusal ? FilterReply.DENY : FilterReply.NEUTRAL;
	}

}
