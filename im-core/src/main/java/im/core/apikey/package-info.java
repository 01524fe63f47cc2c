/**
 * API keys for integrators: created and revoked by admins, each with scopes, shown once
 * and stored hashed, rate-limited per key.
 */
package im.core.apikey;
