/**
 * Sessions behind the access tokens: sign-in with throttling, and rotating refresh tokens
 * with reuse detection. Access tokens themselves are minted by the API layer.
 */
package im.core.auth;
