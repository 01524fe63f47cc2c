/** The naming of Redis keys shared by the cluster features. */
package im.core.keyspace;
