package im.core.search;

import java.util.List;

import im.core.message.ChatMessage;

/**
 * A message found, as history shows it, and where it holds the words searched for.
 *
 * @param textHighlights ranges of {@code message.text}
 * @param fileNameHighlights ranges of {@code message.media.fileName}
 */
public record SearchHit(ChatMessage message, List<TextRange> textHighlights, List<TextRange> fileNameHighlights) {

}
