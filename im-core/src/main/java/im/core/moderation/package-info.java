/**
 * Administrators acting on users' connections: closing them on request, and when an
 * account is banned or changes role.
 */
package im.core.moderation;
