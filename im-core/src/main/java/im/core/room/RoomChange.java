package im.core.room;

/**
 * A change to a live room; null fields stay as they are.
 *
 * @param title the new title, 1 to 128 characters
 * @param guestsAllowed whether guests may follow it (never in a members-only room)
 * @param maxAudience the new audience cap; 0 removes it
 * @param keepLast how many of its last comments it keeps for late joiners
 */
public record RoomChange(String title, Boolean guestsAllowed, Integer maxAudience, Integer keepLast) {

}
