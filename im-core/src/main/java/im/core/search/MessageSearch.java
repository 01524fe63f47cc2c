package im.core.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;
import im.core.conversation.ConversationMembers;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.message.ChatMessage;
import im.core.message.MessageService;

import org.springframework.stereotype.Service;

/**
 * Message search over what the caller may read: the conversations they are a member of,
 * and of the groups they left what they could read until leaving.
 * <p>
 * The index finds candidates; each is then checked against the message as it is now, so a
 * recalled message is never found, an edited one only by its new text, even while the
 * index has not caught up with the change.
 */
@Service
public class MessageSearch {

	/** The most results of a page. */
	public static final int MAX_LIMIT = 100;

	/** The most rounds of asking the index for candidates, when checks drop many. */
	private static final int MAX_ROUNDS = 5;

	private final MessageIndex index;

	private final ConversationMembers members;

	private final MessageService messages;

	private final SearchSettings settings;

	private final SearchIndexer indexer;

	MessageSearch(MessageIndex index, ConversationMembers members, MessageService messages, SearchSettings settings,
			SearchIndexer indexer) {
		this.index = index;
		this.members = members;
		this.messages = messages;
		this.settings = settings;
		this.indexer = indexer;
	}

	public SearchResults search(UserId user, MessageQuery query) {
		List<String> terms = terms(query.text());
		if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
			throw new InvalidField("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
		}
		if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
			throw new InvalidField("to", "to must be after from.");
		}
		SearchOrder order = (query.order() != null) ? query.order() : SearchOrder.NEWEST;
		Position position = Position.parse(query.cursor(), order);
		Map<Long, Long> readable = this.members.readableBy(user);
		if (query.conversationId() != null && !readable.containsKey(query.conversationId())) {
			throw new DomainException(ErrorCode.NOT_A_MEMBER,
					"You are not a member of conversation " + query.conversationId() + ".");
		}
		IndexQuery asked = new IndexQuery(terms, readable, query.conversationId(), query.senderId(), query.from(),
				query.to(), query.hasFile(), order, position.beforeId(), position.offset(), query.limit());
		List<SearchHit> hits = new ArrayList<>();
		boolean more = true;
		for (int round = 0; round < MAX_ROUNDS && more && hits.size() < query.limit(); round++) {
			List<Long> ids = this.index.search(asked.page(position.beforeId(), position.offset()));
			more = ids.size() == query.limit();
			Map<Long, ChatMessage> found = new HashMap<>();
			this.messages.byIds(ids).forEach((message) -> found.put(message.id(), message));
			int examined = 0;
			for (Long id : ids) {
				examined++;
				position = position.after(id);
				SearchHit hit = found.containsKey(id) ? checked(found.get(id), terms) : null;
				if (hit != null) {
					hits.add(hit);
				}
				if (hits.size() == query.limit()) {
					more = more || examined < ids.size();
					break;
				}
			}
		}
		return new SearchResults(hits, more ? position.format() : null);
	}

	/** How far the index is. */
	public SearchStatus status() {
		return this.indexer.status();
	}

	/** Empties the index, which is then built again from the database. */
	public void rebuild() {
		this.indexer.rebuild();
	}

	private List<String> terms(String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidField("q", "q must hold the words to search for.");
		}
		if (text.length() > this.settings.maxQueryLength()) {
			throw new InvalidField("q", "q may have at most " + this.settings.maxQueryLength() + " characters.");
		}
		List<String> terms = MessageAnalysis.queryTerms(text);
		if (terms.isEmpty()) {
			throw new InvalidField("q", "q has no word to search for, only punctuation or words too common to search.");
		}
		return terms;
	}

	/** The hit, if the message as it is now still holds every term. */
	private static SearchHit checked(ChatMessage message, List<String> terms) {
		String fileName = (message.media() != null) ? message.media().fileName() : null;
		if (message.recalled()
				|| !MessageAnalysis.matchesAll(IndexedMessage.searchable(message.text(), fileName), terms)) {
			return null;
		}
		return new SearchHit(message, MessageAnalysis.highlights(message.text(), terms),
				MessageAnalysis.highlights(MessageAnalysis.fileNameWords(fileName), terms));
	}

	/**
	 * Where a page starts: newest first, before a message id; best first, after so many.
	 * As a cursor: {@code b<id>} or {@code o<offset>}.
	 */
	private record Position(SearchOrder order, long beforeId, int offset) {

		static Position parse(String cursor, SearchOrder order) {
			if (cursor == null || cursor.isBlank()) {
				return new Position(order, Long.MAX_VALUE, 0);
			}
			try {
				if (order == SearchOrder.NEWEST && cursor.startsWith("b")) {
					return new Position(order, Long.parseLong(cursor.substring(1)), 0);
				}
				if (order == SearchOrder.RELEVANCE && cursor.startsWith("o")) {
					int offset = Integer.parseInt(cursor.substring(1));
					if (offset >= 0 && offset <= 10_000) {
						return new Position(order, Long.MAX_VALUE, offset);
					}
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw new InvalidField("cursor",
					"cursor is not one this search answered: pass 'next' of the page before, with the same order.");
		}

		Position after(long id) {
			return (this.order == SearchOrder.NEWEST) ? new Position(this.order, id, 0)
					: new Position(this.order, this.beforeId, this.offset + 1);
		}

		String format() {
			return (this.order == SearchOrder.NEWEST) ? "b" + this.beforeId : "o" + this.offset;
		}

	}

}
