/** Incoming webhooks: the URL a program posts text to, as a bot, with the token in it. */
package im.api.hook;
