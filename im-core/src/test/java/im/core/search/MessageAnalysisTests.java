package im.core.search;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageAnalysisTests {

	@Test
	void chineseIsFoundByAnyTwoAdjacentCharactersOrOne() {
		String text = "我们在搜索引擎上见";
		assertThat(MessageAnalysis.queryTerms("搜索")).containsExactly("搜索");
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("搜索"))).isTrue();
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("搜索引擎"))).isTrue();
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("擎"))).isTrue();
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("索搜"))).isFalse();
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("搜狗"))).isFalse();
	}

	@Test
	void japaneseAndKoreanToo() {
		assertThat(MessageAnalysis.matchesAll("明日の会議はキャンセルです", MessageAnalysis.queryTerms("キャンセル"))).isTrue();
		assertThat(MessageAnalysis.matchesAll("내일 회의는 취소되었습니다", MessageAnalysis.queryTerms("회의"))).isTrue();
	}

	@Test
	void latinWordsAreFoundByTheirStemInAnyCase() {
		assertThat(MessageAnalysis.matchesAll("The meeting moved to Friday", MessageAnalysis.queryTerms("meetings")))
			.isTrue();
		assertThat(MessageAnalysis.matchesAll("Two MEETINGS today", MessageAnalysis.queryTerms("meeting"))).isTrue();
		assertThat(MessageAnalysis.matchesAll("Alice's report", MessageAnalysis.queryTerms("alice reports"))).isTrue();
		assertThat(MessageAnalysis.matchesAll("meet me", MessageAnalysis.queryTerms("meeting report"))).isFalse();
	}

	@Test
	void fullWidthLettersAreTheirUsualForm() {
		assertThat(MessageAnalysis.matchesAll("ＧＩＴＨＵＢ上的代码", MessageAnalysis.queryTerms("github"))).isTrue();
	}

	@Test
	void aQueryOfStopWordsOrPunctuationLooksForNothing() {
		assertThat(MessageAnalysis.queryTerms("the of and")).isEmpty();
		assertThat(MessageAnalysis.queryTerms("?!, ...")).isEmpty();
		assertThat(MessageAnalysis.queryTerms("  ")).isEmpty();
	}

	@Test
	void mixedTextMatchesEachPart() {
		String text = "下周三的 design review 在三楼";
		assertThat(MessageAnalysis.matchesAll(text, MessageAnalysis.queryTerms("reviews 三楼"))).isTrue();
	}

	@Test
	void highlightsCoverEveryMatchedWordJoinedWhereTheyOverlap() {
		String text = "我们在搜索引擎上见, meetings and a meeting";
		List<TextRange> ranges = MessageAnalysis.highlights(text, MessageAnalysis.queryTerms("搜索引擎 meeting"));
		assertThat(ranges).extracting((range) -> text.substring(range.start(), range.end()))
			.containsExactly("搜索引擎", "meetings", "meeting");
	}

	@Test
	void highlightsCountCharactersAsJavaScriptDoes() {
		String text = "😀 meeting";
		assertThat(MessageAnalysis.highlights(text, MessageAnalysis.queryTerms("meeting")))
			.containsExactly(new TextRange(3, 10));
	}

}
