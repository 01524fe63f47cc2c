/**
 * The delivery bus: how pushes reach the devices of users, wherever they are connected.
 */
package im.core.delivery;
