/**
 * Outgoing webhooks: endpoints administrators register for the events they want, and a
 * delivery per event and endpoint, recorded with the change it reports, signed, and sent
 * with retries by one instance at a time.
 */
package im.core.webhook;
