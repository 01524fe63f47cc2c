/**
 * Integrator pushes (GoIM's push API): an integrator-chosen type and JSON payload handed
 * to the connections of some users, of some devices, or of everyone online. Not stored:
 * at most once, like typing and presence.
 */
package im.core.push;
