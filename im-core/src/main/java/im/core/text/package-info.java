/**
 * Rules for text that people write: what they show to each other, and what they type to
 * find something.
 */
package im.core.text;
