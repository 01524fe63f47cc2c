/** Size limits on what clients send. */
package im.api.limits;
