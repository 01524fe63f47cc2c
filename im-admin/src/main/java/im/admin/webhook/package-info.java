/** Admin operations on outgoing webhooks: endpoints and their deliveries. */
package im.admin.webhook;
