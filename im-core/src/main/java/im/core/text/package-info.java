/**
 * Rules for text that people show to each other.
 */
package im.core.text;
