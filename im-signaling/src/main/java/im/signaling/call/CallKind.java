package im.signaling.call;

/** What a call carries: the callee's device rings differently for each. */
public enum CallKind {

	AUDIO, VIDEO

}
