/**
 * Accounts: registration, credentials, profiles, roles and the first administrator. Other
 * features refer to a user by {@link im.core.account.UserId}.
 */
package im.core.account;
