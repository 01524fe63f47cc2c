package im.core.conversation;

/** What a member may do in a group. Direct conversations have members only. */
public enum MemberRole {

	OWNER, ADMIN, MEMBER;

	boolean managesMembers() {
		return this != MEMBER;
	}

}
