/**
 * Bots: accounts an integrator's program acts as, each with an API key of scope
 * {@code messages}, members of conversations like users, shown as bots everywhere.
 */
package im.core.bot;
