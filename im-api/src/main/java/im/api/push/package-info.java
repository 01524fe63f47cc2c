/** The push API for integrators, authenticated by API key. */
package im.api.push;
