package im.core.conversation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chat limits.
 *
 * @param maxGroupSize members a group may have, the owner included
 * ({@code IM_MAX_GROUP_SIZE})
 * @param maxTextLength characters a text message may have ({@code IM_MAX_TEXT_LENGTH})
 * @param maxMessagesPerSecond messages one user may send per second, over all devices
 * ({@code IM_MAX_MESSAGES_PER_SECOND})
 * @param historyPageMax the most messages one history request returns
 * @param recallWindow how long after sending a sender may recall a message
 * ({@code IM_RECALL_WINDOW}); group owners and admins may recall at any time
 * @param editWindow how long after sending a sender may edit its text
 * ({@code IM_EDIT_WINDOW})
 * @param typingInterval at most one typing indicator per user and conversation in this
 * interval
 * @param writers threads storing sent messages ({@code IM_CHAT_WRITERS}); each serves a
 * share of the conversations, so one conversation's messages are stored in the order they
 * arrive
 * @param writeBatch the most messages one writer stores in one transaction
 * ({@code IM_CHAT_WRITE_BATCH})
 * @param writeGather how long a writer lets a batch take in more messages, counted from
 * when its first was sent ({@code IM_CHAT_WRITE_GATHER}): the round trips and the commit
 * of a batch are shared by all it holds, so under a steady load a short wait costs each
 * message less than it adds to its latency; only a writer that had more than one message
 * in hand, now or in its last batch, waits, so a message that comes alone is stored at
 * once; 0 never waits
 * @param writeQueue the most messages waiting for one writer
 * ({@code IM_CHAT_WRITE_QUEUE}); a send beyond it is refused as
 * {@code service-unavailable} at once, so that a database that stopped answering fills no
 * memory and keeps no sender waiting
 */
@ConfigurationProperties("im.chat")
public record ChatSettings(@DefaultValue("500") int maxGroupSize, @DefaultValue("4000") int maxTextLength,
		@DefaultValue("20") int maxMessagesPerSecond, @DefaultValue("200") int historyPageMax,
		@DefaultValue("2m") Duration recallWindow, @DefaultValue("24h") Duration editWindow,
		@DefaultValue("2s") Duration typingInterval, @DefaultValue("2") int writers,
		@DefaultValue("100") int writeBatch, @DefaultValue("20ms") Duration writeGather,
		@DefaultValue("5000") int writeQueue) {

	public ChatSettings {
		if (writers < 1 || writeBatch < 1 || writeQueue < 1 || writeGather.isNegative()) {
			throw new IllegalArgumentException("im.chat.writers (IM_CHAT_WRITERS), im.chat.write-batch "
					+ "(IM_CHAT_WRITE_BATCH) and im.chat.write-queue (IM_CHAT_WRITE_QUEUE) must be at least 1, "
					+ "im.chat.write-gather (IM_CHAT_WRITE_GATHER) not negative.");
		}
	}

	/** The window in which {@link #maxMessagesPerSecond} is counted. */
	public Duration sendRateWindow() {
		return Duration.ofSeconds(1);
	}

}
