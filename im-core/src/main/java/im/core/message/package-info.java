/**
 * Messages: idempotent sending with gap-free per-conversation sequence numbers, delivery
 * after commit, system messages for membership changes, and history by sequence cursors.
 */
package im.core.message;
