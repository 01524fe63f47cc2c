package im.core.message;

import java.util.List;

import im.core.account.UserId;

/** A message stored, and who receives it: every member. */
public record MessagePosted(ChatMessage message, List<UserId> recipients) {

}
