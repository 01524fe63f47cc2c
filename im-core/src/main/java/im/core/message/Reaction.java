package im.core.message;

import java.util.List;

/**
 * One emoji's reactions to a message: how many members chose it and who, in the order
 * they did.
 */
public record Reaction(String emoji, int count, List<Long> userIds) {

}
