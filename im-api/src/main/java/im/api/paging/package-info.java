/** The page shape of every paged REST answer. */
package im.api.paging;
