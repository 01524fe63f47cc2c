package im.core.search;

import java.util.List;

/**
 * A page of search results.
 *
 * @param next the cursor of the next page; null when this one is the last
 */
public record SearchResults(List<SearchHit> results, String next) {

}
