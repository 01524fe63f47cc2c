/** REST: presence of users. */
package im.api.presence;
