package im.core.delivery;

import java.util.List;

import im.core.account.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last step of every bus: one payload to the local sessions of each recipient. */
public final class LocalPush {

	private static final Logger log = LoggerFactory.getLogger(LocalPush.class);

	private LocalPush() {
	}

	public static void toEach(ClientPush push, List<UserId> recipients, String queue, byte[] json) {
		for (UserId recipient : recipients) {
			try {
				push.push(recipient, queue, json);
			}
			catch (RuntimeException ex) {
				// one recipient's failure must not cost the others their copy; the
				// recipient syncs on reconnect
				log.warn("Could not push to user {} on queue {}: {}", recipient, queue, ex.toString());
			}
		}
	}

}
