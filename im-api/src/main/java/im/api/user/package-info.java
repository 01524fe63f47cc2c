/** REST: other users' public profiles and user search. */
package im.api.user;
