/** The page shape of every paged REST answer. */
package im.core.paging;
