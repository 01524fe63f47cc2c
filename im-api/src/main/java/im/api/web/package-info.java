/**
 * How HTTP requests find their handler: the REST API's request routing.
 */
package im.api.web;
