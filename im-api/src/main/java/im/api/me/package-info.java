/** REST: the signed-in user's own profile and password. */
package im.api.me;
