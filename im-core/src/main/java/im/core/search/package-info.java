/**
 * Helpers for the platform's text searches.
 */
package im.core.search;
