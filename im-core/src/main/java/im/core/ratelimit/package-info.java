/**
 * Rate-limit counters, per instance when standalone and shared through Redis in a
 * cluster.
 */
package im.core.ratelimit;
