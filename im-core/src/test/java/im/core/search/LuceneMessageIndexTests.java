package im.core.search;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import im.core.search.IndexedMessages.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone index against a messages table kept in a list: new messages are added
 * once, an edit replaces, a recall removes, and an edit that comes before its message's
 * round leaves one document, not two.
 */
class LuceneMessageIndexTests {

	private static final long CONVERSATION = 7;

	private final Table table = new Table();

	private LuceneMessageIndex index;

	@TempDir
	Path dataDir;

	@AfterEach
	void close() throws Exception {
		this.index.destroy();
	}

	@Test
	void messagesStoredAreFoundAfterARound() throws Exception {
		this.index = index();
		this.table.store(1, "the meeting moved to friday");
		this.table.store(2, "我们在搜索引擎上见");
		assertThat(this.index.indexNext(this.table, 100)).isEqualTo(2);
		assertThat(found("meetings")).containsExactly(1L);
		assertThat(found("搜索")).containsExactly(2L);
		assertThat(this.index.size()).isEqualTo(2);
		assertThat(this.index.indexedUpTo()).isEqualTo(2);
	}

	@Test
	void anEditReplacesAndARecallRemoves() throws Exception {
		this.index = index();
		this.table.store(1, "lunch at noon");
		this.table.store(2, "coffee later");
		this.index.indexNext(this.table, 100);
		this.index.update(this.table.edit(1, "dinner at eight"));
		this.index.remove(2);
		assertThat(found("lunch")).isEmpty();
		assertThat(found("dinner")).containsExactly(1L);
		assertThat(found("coffee")).isEmpty();
		assertThat(this.index.size()).isEqualTo(1);
	}

	@Test
	void anEditBeforeItsMessagesRoundLeavesOneDocument() throws Exception {
		this.index = index();
		this.table.store(1, "first draft");
		// edited before any round has read it: the round reads it as it is now
		this.index.update(this.table.edit(1, "second draft"));
		this.index.indexNext(this.table, 100);
		assertThat(found("draft")).containsExactly(1L);
		assertThat(found("first")).isEmpty();
		assertThat(this.index.size()).isEqualTo(1);
	}

	@Test
	void aMessageCommittedLateIsTakenFromItsGap() throws Exception {
		this.index = index();
		this.table.store(1, "one");
		this.table.store(3, "three");
		this.index.indexNext(this.table, 100);
		assertThat(this.index.indexedUpTo()).isEqualTo(1);
		// 2's transaction commits after 3's, then it is edited
		this.table.store(2, "two");
		this.index.update(this.table.edit(2, "two edited"));
		this.index.indexNext(this.table, 100);
		assertThat(found("two")).containsExactly(2L);
		assertThat(this.index.size()).isEqualTo(3);
		assertThat(this.index.indexedUpTo()).isEqualTo(3);
	}

	@Test
	void theIndexGoesOnFromItsLastCommitAfterARestart() throws Exception {
		this.index = index();
		this.table.store(1, "kept on disk");
		this.index.indexNext(this.table, 100);
		this.index.destroy();
		this.table.store(2, "stored while it was stopped");
		this.index = index();
		assertThat(this.index.indexNext(this.table, 100)).isEqualTo(1);
		assertThat(found("disk")).containsExactly(1L);
		assertThat(found("stopped")).containsExactly(2L);
		assertThat(this.index.size()).isEqualTo(2);
	}

	private LuceneMessageIndex index() throws Exception {
		return new LuceneMessageIndex(new SearchSettings("", 1000, Duration.ofMillis(100), Duration.ofSeconds(30), 200),
				this.dataDir, Clock.systemUTC());
	}

	private List<Long> found(String words) {
		return this.index.search(new IndexQuery(MessageAnalysis.queryTerms(words), Map.of(CONVERSATION, Long.MAX_VALUE),
				null, null, null, null, null, SearchOrder.NEWEST, Long.MAX_VALUE, 0, 20));
	}

	/** A messages table: rows in commit order, read as {@link IndexedMessages} reads. */
	private static final class Table extends IndexedMessages {

		private final List<IndexedMessage> rows = new ArrayList<>();

		Table() {
			super(null);
		}

		void store(long id, String text) {
			this.rows.add(message(id, text));
		}

		IndexedMessage edit(long id, String text) {
			this.rows.replaceAll((row) -> (row.id() == id) ? message(id, text) : row);
			return message(id, text);
		}

		private static IndexedMessage message(long id, String text) {
			return new IndexedMessage(id, CONVERSATION, id, 1L, Instant.parse("2026-12-07T10:00:00Z"), false, text);
		}

		@Override
		List<Row> after(long id, int limit) {
			return this.rows.stream()
				.filter((row) -> row.id() > id)
				.sorted((a, b) -> Long.compare(a.id(), b.id()))
				.limit(limit)
				.map((row) -> new Row(row.id(), row))
				.toList();
		}

		@Override
		List<Row> within(List<IndexProgress.Gap> gaps) {
			return this.rows.stream()
				.filter((row) -> gaps.stream().anyMatch((gap) -> row.id() >= gap.from() && row.id() <= gap.to()))
				.map((row) -> new Row(row.id(), row))
				.toList();
		}

		@Override
		Optional<Row> byId(long id) {
			return this.rows.stream().filter((row) -> row.id() == id).findFirst().map((row) -> new Row(id, row));
		}

		@Override
		long latestId() {
			return this.rows.stream().mapToLong(IndexedMessage::id).max().orElse(0);
		}

	}

}
