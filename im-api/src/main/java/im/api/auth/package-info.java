/** REST: registration, sign-in, token renewal and sign-out. */
package im.api.auth;
