/** Admin operations on integrators' API keys. */
package im.admin.apikey;
