package im.core;

/**
 * The two ways to run the platform, as Spring profile expressions. Standalone (the
 * default) keeps everything in one process; the {@code cluster} profile moves shared
 * state to PostgreSQL, Redis and Kafka so that identical instances can stand behind a
 * load balancer.
 */
public final class RunMode {

	/** Profile expression active when the platform runs as a cluster of instances. */
	public static final String CLUSTER = "cluster";

	/** Profile expression active when the platform runs as one self-contained process. */
	public static final String STANDALONE = "!cluster";

	private RunMode() {
	}

}
