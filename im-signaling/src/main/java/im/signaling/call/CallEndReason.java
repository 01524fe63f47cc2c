package im.signaling.call;

/** Why a call ended. */
public enum CallEndReason {

	/** It was answered, and then hung up (or, in a group, the last one left). */
	HUNG_UP,

	/** The callee of a direct call declined it. */
	REJECTED,

	/** The caller gave up before anyone answered. */
	CANCELLED,

	/** The callee of a direct call was in another call. */
	BUSY,

	/** Nobody answered within the ring timeout. */
	NO_ANSWER

}
