/**
 * What differs between the two run modes at the edges: start-up checks of the cluster's
 * services and their health.
 */
package im.api.runmode;
