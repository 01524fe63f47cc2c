package im.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * How message text becomes search terms, the same in both run modes (Lucene's analysis,
 * whether the terms go to a Lucene index or to PostgreSQL).
 * <p>
 * Words are split as Unicode says (UAX #29), folded to lower case, English stop words
 * dropped and Latin words reduced to their stem (Porter: {@code meetings} and
 * {@code meeting} are both {@code meet}). Chinese, Japanese and Korean text has no spaces
 * between words: it is indexed as every single character and every pair of adjacent
 * characters ({@code 搜索引擎} as 搜, 索, 引, 擎, 搜索, 索引, 引擎), and a query is looked up as its
 * pairs (a lone character as itself), so that {@code 搜索} finds {@code 我们在搜索引擎上见} and a
 * single character finds every text that holds it. Full-width Latin letters and
 * half-width kana are folded to their usual forms first.
 */
public final class MessageAnalysis {

	/** What is stored: characters and pairs of CJK text. */
	private static final Analyzer INDEXING = analyzer(true);

	/** What is looked up: pairs of CJK text, a lone character alone. */
	private static final Analyzer QUERYING = analyzer(false);

	/** The field name Lucene's analysis wants; nothing depends on it. */
	private static final String FIELD = "text";

	private MessageAnalysis() {
	}

	/** The analyzer messages are indexed with (Lucene's standalone index uses it). */
	static Analyzer indexing() {
		return INDEXING;
	}

	/** The distinct terms a message's text is stored under, in order of appearance. */
	public static List<String> indexTerms(String text) {
		return List.copyOf(terms(INDEXING, text));
	}

	/**
	 * Each distinct term of a message's text with the positions (1, 2, ...) of the words
	 * it stands for, in order of appearance: PostgreSQL ranks by them.
	 */
	public static Map<String, List<Integer>> indexTermPositions(String text) {
		Map<String, List<Integer>> terms = new LinkedHashMap<>();
		if (text == null || text.isBlank()) {
			return terms;
		}
		try (TokenStream tokens = INDEXING.tokenStream(FIELD, text)) {
			CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
			PositionIncrementAttribute increment = tokens.addAttribute(PositionIncrementAttribute.class);
			tokens.reset();
			int position = 0;
			while (tokens.incrementToken()) {
				position += increment.getPositionIncrement();
				terms.computeIfAbsent(term.toString(), (key) -> new ArrayList<>()).add(Math.max(position, 1));
			}
			tokens.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return terms;
	}

	/**
	 * The distinct terms a query looks up, in order: a message matches when it has every
	 * one. Empty when the query has no word to look for (only punctuation or stop words).
	 */
	public static List<String> queryTerms(String query) {
		return List.copyOf(terms(QUERYING, query));
	}

	/** Whether the text holds every term (a query's terms, {@link #queryTerms}). */
	public static boolean matchesAll(String text, Collection<String> terms) {
		return (text != null) && terms(INDEXING, text).containsAll(terms);
	}

	/**
	 * Where the text holds any of the terms: ranges of characters (UTF-16 indices, as
	 * JavaScript counts them), in order, overlapping ones joined.
	 */
	public static List<TextRange> highlights(String text, Collection<String> terms) {
		List<TextRange> ranges = new ArrayList<>();
		if (text == null || terms.isEmpty()) {
			return ranges;
		}
		try (TokenStream tokens = INDEXING.tokenStream(FIELD, text)) {
			CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
			OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
			tokens.reset();
			while (tokens.incrementToken()) {
				if (terms.contains(term.toString())) {
					add(ranges, new TextRange(offset.startOffset(), offset.endOffset()));
				}
			}
			tokens.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ranges.sort((a, b) -> Integer.compare(a.start(), b.start()));
		List<TextRange> joined = new ArrayList<>();
		for (TextRange range : ranges) {
			TextRange last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
			if (last != null && range.start() <= last.end()) {
				joined.set(joined.size() - 1, new TextRange(last.start(), Math.max(last.end(), range.end())));
			}
			else {
				joined.add(range);
			}
		}
		return joined;
	}

	/**
	 * A file name as words: {@code quarterly-report_2026.pdf} is found by
	 * {@code quarterly}, {@code report}, {@code 2026} and {@code pdf}, where the text's
	 * rules would keep {@code report_2026.pdf} one word. The same length, so its
	 * highlights are the name's.
	 */
	public static String fileNameWords(String fileName) {
		return (fileName != null) ? fileName.replace('.', ' ').replace('_', ' ').replace('-', ' ') : null;
	}

	private static void add(List<TextRange> ranges, TextRange range) {
		if (!ranges.contains(range)) {
			ranges.add(range);
		}
	}

	private static Set<String> terms(Analyzer analyzer, String text) {
		Set<String> terms = new LinkedHashSet<>();
		if (text == null || text.isBlank()) {
			return terms;
		}
		try (TokenStream tokens = analyzer.tokenStream(FIELD, text)) {
			CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
			tokens.reset();
			while (tokens.incrementToken()) {
				terms.add(term.toString());
			}
			tokens.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return terms;
	}

	private static Analyzer analyzer(boolean unigrams) {
		return new Analyzer() {
			@Override
			protected TokenStreamComponents createComponents(String fieldName) {
				StandardTokenizer source = new StandardTokenizer();
				TokenStream stream = new CJKWidthFilter(source);
				stream = new LowerCaseFilter(stream);
				stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
						| CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, unigrams);
				stream = new EnglishPossessiveFilter(stream);
				stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
				stream = new PorterStemFilter(stream);
				return new TokenStreamComponents(source, stream);
			}
		};
	}

}
