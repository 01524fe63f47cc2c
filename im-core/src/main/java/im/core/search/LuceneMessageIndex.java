package im.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import im.core.RunMode;
import im.core.search.IndexedMessages.Row;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The search index of a standalone instance: Lucene, in a folder of the data directory
 * ({@code IM_SEARCH_DIRECTORY}, by default {@code <data dir>/search}), or in memory when
 * that is {@code memory} (then it is built from the database at every start). Where it is
 * ({@link IndexProgress}) is kept in each commit (every minute, and when the instance
 * stops), so that after a restart it goes on from its last commit; an index ahead of the
 * database (one restored from a backup older than the index) is rebuilt.
 */
@Component
@Profile(RunMode.STANDALONE)
class LuceneMessageIndex implements MessageIndex, DisposableBean {

	private static final String PROGRESS = "progress";

	/**
	 * How often changes are committed (made durable); searches see them at once. A commit
	 * writes and syncs the index's new files beside the database, which syncs its log at
	 * every transaction: rare commits keep that work away from the chat's. What a crash
	 * loses is indexed again from the database at the next start.
	 */
	private static final long COMMIT_EVERY_MILLIS = 60_000;

	private final Directory directory;

	private final IndexWriter writer;

	private final SearcherManager searchers;

	private final Clock clock;

	private final long graceMillis;

	private IndexProgress progress;

	private boolean checkedAgainstDatabase;

	private long lastCommit;

	private boolean uncommitted;

	LuceneMessageIndex(SearchSettings settings, @Value("${im.data-dir}") Path dataDir, Clock clock) throws IOException {
		this.directory = settings.inMemory() ? new ByteBuffersDirectory() : FSDirectory
			.open(settings.directory().isBlank() ? dataDir.resolve("search") : Path.of(settings.directory()));
		this.writer = new IndexWriter(this.directory, new IndexWriterConfig(MessageAnalysis.indexing())
			.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
		this.searchers = new SearcherManager(this.writer, null);
		this.clock = clock;
		this.graceMillis = settings.gapGrace().toMillis();
		Map<String, String> committed = DirectoryReader.indexExists(this.directory)
				? DirectoryReader.listCommits(this.directory).getLast().getUserData() : Map.of();
		this.progress = IndexProgress.parse(committed.get(PROGRESS));
	}

	@Override
	public synchronized int indexNext(IndexedMessages source, int limit) {
		if (!this.checkedAgainstDatabase) {
			this.checkedAgainstDatabase = true;
			if (this.progress.highestSeen() > source.latestId()) {
				clear();
			}
		}
		List<Row> read = source.after(this.progress.highestSeen(), limit);
		List<Row> found = source.within(this.progress.gaps());
		try {
			for (Row row : read) {
				put(row);
			}
			for (Row row : found) {
				put(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		IndexProgress next = this.progress.next(read.stream().map(Row::id).toList(),
				found.stream().map(Row::id).toList(), this.clock.millis(), this.graceMillis);
		if (!next.equals(this.progress)) {
			this.progress = next;
			this.uncommitted = true;
		}
		changed();
		return read.size() + found.size();
	}

	@Override
	public synchronized void update(IndexedMessage message) {
		if (!this.progress.taken(message.id())) {
			// the round that takes it reads it as it is now
			return;
		}
		try {
			this.writer.updateDocument(key(message.id()), document(message));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.uncommitted = true;
		changed();
	}

	@Override
	public synchronized void remove(long messageId) {
		try {
			this.writer.deleteDocuments(key(messageId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.uncommitted = true;
		changed();
	}

	@Override
	public List<Long> search(IndexQuery query) {
		Query lucene = query(query);
		try {
			IndexSearcher searcher = currentSearcher();
			try {
				SortField newest = LongField.newSortField("id", true, SortedNumericSelector.Type.MAX);
				TopDocs top = (query.order() == SearchOrder.NEWEST)
						? searcher.search(lucene, query.limit(), new Sort(newest)) : searcher.search(lucene,
								query.offset() + query.limit(), new Sort(SortField.FIELD_SCORE, newest));
				StoredFields stored = searcher.storedFields();
				List<Long> ids = new ArrayList<>();
				ScoreDoc[] hits = top.scoreDocs;
				for (int i = (query.order() == SearchOrder.NEWEST) ? 0 : query.offset(); i < hits.length; i++) {
					ids.add(stored.document(hits[i].doc).getField("id").numericValue().longValue());
				}
				return ids;
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized long indexedUpTo() {
		return this.progress.safeUpTo();
	}

	@Override
	public long size() {
		try {
			IndexSearcher searcher = currentSearcher();
			try {
				return searcher.getIndexReader().numDocs();
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void clear() {
		try {
			this.writer.deleteAll();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.progress = IndexProgress.START;
		this.uncommitted = true;
		this.lastCommit = 0;
		changed();
	}

	@Override
	public synchronized void destroy() throws IOException {
		commit();
		this.searchers.close();
		this.writer.close();
		this.directory.close();
	}

	/**
	 * A message read for the first time: added, not updated, since the index cannot hold
	 * it yet (an edit of a message not yet taken waits for its round, see
	 * {@link #update}): an update looks for the old document in every segment.
	 */
	private void put(Row row) throws IOException {
		if (row.message() != null) {
			this.writer.addDocument(document(row.message()));
		}
	}

	/** Commits the changes at most every {@value #COMMIT_EVERY_MILLIS} ms. */
	private void changed() {
		if (this.uncommitted && this.clock.millis() - this.lastCommit >= COMMIT_EVERY_MILLIS) {
			try {
				commit();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * A searcher that sees every change made so far. Opened when a search asks, not after
	 * every round: each opening writes the documents added since the last one as a new
	 * segment, and segments written ten times a second kept the index merging them.
	 */
	private IndexSearcher currentSearcher() throws IOException {
		this.searchers.maybeRefreshBlocking();
		return this.searchers.acquire();
	}

	private void commit() throws IOException {
		if (!this.uncommitted || !this.writer.isOpen()) {
			return;
		}
		this.writer.setLiveCommitData(Map.of(PROGRESS, this.progress.format()).entrySet());
		this.writer.commit();
		this.uncommitted = false;
		this.lastCommit = this.clock.millis();
	}

	private static Term key(long id) {
		return new Term("key", Long.toString(id));
	}

	private static Document document(IndexedMessage message) {
		Document document = new Document();
		document.add(new StringField("key", Long.toString(message.id()), Field.Store.NO));
		document.add(new LongField("id", message.id(), Field.Store.YES));
		document.add(new LongField("conversation", message.conversationId(), Field.Store.NO));
		document.add(new LongField("seq", message.seq(), Field.Store.NO));
		document.add(new LongField("sender", (message.senderId() != null) ? message.senderId() : -1, Field.Store.NO));
		document.add(new LongField("created", micros(message.createdAt()), Field.Store.NO));
		document.add(new LongField("file", message.hasFile() ? 1 : 0, Field.Store.NO));
		document.add(new TextField("text", message.text(), Field.Store.NO));
		return document;
	}

	/** Microseconds since the epoch: the precision the database keeps times in. */
	private static long micros(Instant time) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, time);
	}

	/** The first microsecond at or after the time. */
	private static long microsFrom(Instant time) {
		return micros(time) + ((time.getNano() % 1000 != 0) ? 1 : 0);
	}

	private static Query query(IndexQuery query) {
		BooleanQuery.Builder builder = new BooleanQuery.Builder();
		for (String term : query.terms()) {
			builder.add(new TermQuery(new Term("text", term)), Occur.MUST);
		}
		BooleanQuery.Builder scope = new BooleanQuery.Builder();
		List<Long> members = new ArrayList<>();
		query.readable().forEach((conversation, upTo) -> {
			if (upTo == Long.MAX_VALUE) {
				members.add(conversation);
			}
			else {
				scope.add(new BooleanQuery.Builder()
					.add(LongField.newExactQuery("conversation", conversation), Occur.FILTER)
					.add(LongField.newRangeQuery("seq", Long.MIN_VALUE, upTo), Occur.FILTER)
					.build(), Occur.SHOULD);
			}
		});
		if (!members.isEmpty()) {
			scope.add(LongField.newSetQuery("conversation", members.stream().mapToLong(Long::longValue).toArray()),
					Occur.SHOULD);
		}
		if (query.readable().isEmpty()) {
			return new MatchNoDocsQuery("the caller may read no conversation");
		}
		builder.add(scope.build(), Occur.FILTER);
		if (query.conversationId() != null) {
			builder.add(LongField.newExactQuery("conversation", query.conversationId()), Occur.FILTER);
		}
		if (query.senderId() != null) {
			builder.add(LongField.newExactQuery("sender", query.senderId()), Occur.FILTER);
		}
		if (query.from() != null || query.to() != null) {
			long from = (query.from() != null) ? microsFrom(query.from()) : Long.MIN_VALUE;
			long to = (query.to() != null) ? microsFrom(query.to()) - 1 : Long.MAX_VALUE;
			builder.add(LongField.newRangeQuery("created", from, to), Occur.FILTER);
		}
		if (query.hasFile() != null) {
			builder.add(LongField.newExactQuery("file", query.hasFile() ? 1 : 0), Occur.FILTER);
		}
		if (query.order() == SearchOrder.NEWEST && query.beforeId() != Long.MAX_VALUE) {
			builder.add(LongField.newRangeQuery("id", Long.MIN_VALUE, query.beforeId() - 1), Occur.FILTER);
		}
		return builder.build();
	}

}
