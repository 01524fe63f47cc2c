package im.core.search;

/** The order of search results. */
public enum SearchOrder {

	/** The most recently sent first. */
	NEWEST,

	/**
	 * The best match first (how often and how rarely the words occur), then the newest.
	 */
	RELEVANCE

}
