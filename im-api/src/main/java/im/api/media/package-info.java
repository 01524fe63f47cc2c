/** REST: uploads and downloads of media. */
package im.api.media;
