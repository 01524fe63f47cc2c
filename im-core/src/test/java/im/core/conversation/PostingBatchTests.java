package im.core.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Who may post in a conversation the chat writer locked, and the sequence numbers a batch
 * gives its messages: the rules of a send, without a database.
 */
class PostingBatchTests {

	static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	static final ConversationId GROUP = new ConversationId(1);

	static final ConversationId DIRECT = new ConversationId(2);

	static final UserId OWNER = new UserId(10);

	static final UserId ADMIN = new UserId(11);

	static final UserId MEMBER = new UserId(12);

	static final UserId STRANGER = new UserId(99);

	@Test
	void eachConversationNumbersItsMessagesWithoutGapsInTheOrderTheyAreAdmitted() {
		PostingBatch batch = batch(new LockedConversation(GROUP, 41, false, false),
				new LockedConversation(DIRECT, 7, false, false), roster(), directRoster());
		assertThat(batch.admit(GROUP, MEMBER).assignSeq("TEXT", "a", NOW)).isEqualTo(42);
		assertThat(batch.admit(DIRECT, OWNER).assignSeq("TEXT", "b", NOW)).isEqualTo(8);
		Posting second = batch.admit(GROUP, OWNER);
		assertThat(second.lastSeq()).as("the first message of the batch counts").isEqualTo(42);
		assertThat(second.assignSeq("TEXT", "c", NOW)).isEqualTo(43);
		assertThat(second.members()).containsExactly(OWNER, ADMIN, MEMBER);
	}

	@Test
	void onlyMembersPostAndOnlyInConversationsTheBatchHolds() {
		PostingBatch batch = batch(new LockedConversation(GROUP, 0, false, false), null, roster(), List.of());
		assertThat(refusal(() -> batch.admit(GROUP, STRANGER))).isEqualTo(ErrorCode.NOT_A_MEMBER);
		assertThat(batch.holds(DIRECT)).isFalse();
		assertThat(refusal(() -> batch.admit(DIRECT, OWNER))).isEqualTo(ErrorCode.NOT_FOUND);
	}

	@Test
	void aMemberMutedInTheGroupPostsAgainOnceTheMuteEnds() {
		List<PostingMember> muted = List.of(member(OWNER, MemberRole.OWNER, null, null),
				member(MEMBER, MemberRole.MEMBER, NOW.plus(Duration.ofMinutes(5)), null));
		assertThat(refusal(() -> batch(new LockedConversation(GROUP, 0, false, false), null, muted, List.of())
			.admit(GROUP, MEMBER))).isEqualTo(ErrorCode.MUTED);
		List<PostingMember> ended = List.of(member(MEMBER, MemberRole.MEMBER, NOW.minusSeconds(1), null));
		assertThat(batch(new LockedConversation(GROUP, 0, false, false), null, ended, List.of()).admit(GROUP, MEMBER)
			.lastSeq()).isZero();
	}

	@Test
	void anAdministratorsMuteOfTheAccountHoldsInEveryConversation() {
		List<PostingMember> roster = List.of(member(OWNER, MemberRole.OWNER, null, NOW.plus(Duration.ofHours(1))));
		assertThat(refusal(() -> batch(new LockedConversation(GROUP, 0, false, false), null, roster, List.of())
			.admit(GROUP, OWNER))).isEqualTo(ErrorCode.MUTED);
	}

	@Test
	void aGroupMutedAsAWholeTakesMessagesFromItsOwnerAndAdminsOnly() {
		PostingBatch batch = batch(new LockedConversation(GROUP, 0, true, false), null, roster(), List.of());
		assertThat(refusal(() -> batch.admit(GROUP, MEMBER))).isEqualTo(ErrorCode.MUTED);
		assertThat(batch.admit(GROUP, OWNER).assignSeq("TEXT", "owner", NOW)).isEqualTo(1);
		assertThat(batch.admit(GROUP, ADMIN).assignSeq("TEXT", "admin", NOW)).isEqualTo(2);
	}

	@Test
	void aDissolvedGroupTakesNothingFromAnyone() {
		PostingBatch batch = batch(new LockedConversation(GROUP, 5, false, true), null, roster(), List.of());
		assertThat(refusal(() -> batch.admit(GROUP, OWNER))).isEqualTo(ErrorCode.GROUP_DISSOLVED);
		assertThat(refusal(() -> batch.admit(GROUP, MEMBER))).isEqualTo(ErrorCode.GROUP_DISSOLVED);
	}

	private static PostingBatch batch(LockedConversation group, LockedConversation direct,
			List<PostingMember> groupRoster, List<PostingMember> directRoster) {
		Map<Long, LockedConversation> locked = (direct != null) ? Map.of(GROUP.value(), group, DIRECT.value(), direct)
				: Map.of(GROUP.value(), group);
		// writing the batch is the database's part, not exercised here
		return new PostingBatch(locked, Map.of(GROUP.value(), groupRoster, DIRECT.value(), directRoster), null, NOW);
	}

	private static List<PostingMember> roster() {
		return List.of(member(OWNER, MemberRole.OWNER, null, null), member(ADMIN, MemberRole.ADMIN, null, null),
				member(MEMBER, MemberRole.MEMBER, null, null));
	}

	private static List<PostingMember> directRoster() {
		return List.of(member(OWNER, MemberRole.MEMBER, null, null), member(MEMBER, MemberRole.MEMBER, null, null));
	}

	private static PostingMember member(UserId user, MemberRole role, Instant mutedUntil, Instant accountMutedUntil) {
		return new PostingMember(user.value(), role, mutedUntil, accountMutedUntil);
	}

	private static ErrorCode refusal(Runnable admit) {
		return assertThatExceptionOfType(DomainException.class).isThrownBy(admit::run).actual().errorCode();
	}

}
