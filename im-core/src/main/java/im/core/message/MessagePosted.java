package im.core.message;

import java.util.List;

import im.core.account.UserId;

/** A message was stored; after commit it goes to every member's devices. */
record MessagePosted(ChatMessage message, List<UserId> recipients) {

}
