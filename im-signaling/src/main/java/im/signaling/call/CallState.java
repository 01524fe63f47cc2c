package im.signaling.call;

/** Where a call is in its life. */
public enum CallState {

	/** Started; nobody but the caller has joined yet. */
	RINGING,

	/** Someone answered; members may join and leave until the last one leaves. */
	ACTIVE,

	/** Over, for the reason recorded with it. */
	ENDED

}
