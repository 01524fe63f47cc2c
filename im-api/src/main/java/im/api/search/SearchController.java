package im.api.search;

import java.time.Instant;
import java.util.Locale;

import im.api.security.CurrentUser;
import im.core.error.InvalidField;
import im.core.search.MessageQuery;
import im.core.search.MessageSearch;
import im.core.search.SearchOrder;
import im.core.search.SearchResults;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Message search over the caller's conversations. */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search", description = "Finding messages by their words")
class SearchController {

	private final MessageSearch search;

	SearchController(MessageSearch search) {
		this.search = search;
	}

	@GetMapping("/messages")
	@Operation(summary = "Search messages",
			description = "Messages holding every word of 'q', in the conversations the caller is a member of, and "
					+ "of the groups they left the messages up to their leaving. Words are matched by their stem "
					+ "('meetings' finds 'meeting'), in any case; Chinese, Japanese and Korean text by its "
					+ "characters ('搜索' finds '我们在搜索引擎上见'). A message's text and the name of the file it "
					+ "carries are searched; recalled messages are never found, an edited one only by its new "
					+ "text. Each result is the message as history shows it, with the ranges of its text "
					+ "('textHighlights') and of its file name ('fileNameHighlights') that match, in UTF-16 "
					+ "code units as JavaScript counts them. Newest first, or the best match first "
					+ "('order=relevance'); while 'next' is not null, ask again with 'cursor' set to it for the "
					+ "next page (a page may come back short, even empty, before the last). A message is found "
					+ "a fraction of a second after it is sent (IM_SEARCH_POLL_INTERVAL, 100 ms).")
	SearchResults messages(Authentication auth,
			@Parameter(description = "The words to look for, at most 200 characters") @RequestParam String q,
			@Parameter(description = "Only this conversation's messages (403 not-a-member if the caller is not "
					+ "one)") @RequestParam(required = false) Long conversationId,
			@Parameter(description = "Only this user's messages") @RequestParam(required = false) Long senderId,
			@Parameter(description = "Only messages sent at or after (ISO-8601)") @RequestParam(
					required = false) Instant from,
			@Parameter(description = "Only messages sent before (ISO-8601)") @RequestParam(required = false) Instant to,
			@Parameter(description = "true: only messages with an upload (image, voice, video, file); false: only "
					+ "those without") @RequestParam(required = false) Boolean hasFile,
			@Parameter(description = "newest (the default) or relevance") @RequestParam(
					defaultValue = "newest") String order,
			@Parameter(description = "'next' of the page before") @RequestParam(required = false) String cursor,
			@Parameter(description = "Results per page, 1 to 100") @RequestParam(defaultValue = "20") int limit) {
		return this.search.search(CurrentUser.id(auth),
				new MessageQuery(q, conversationId, senderId, from, to, hasFile, order(order), cursor, limit));
	}

	private static SearchOrder order(String order) {
		return switch (order.strip().toLowerCase(Locale.ROOT)) {
			case "newest" -> SearchOrder.NEWEST;
			case "relevance" -> SearchOrder.RELEVANCE;
			default -> throw new InvalidField("order", "order must be 'newest' or 'relevance'.");
		};
	}

}
