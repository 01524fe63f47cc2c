package im.core.conversation;

/** A conversation between exactly two users, or a named group. */
public enum ConversationKind {

	DIRECT, GROUP

}
