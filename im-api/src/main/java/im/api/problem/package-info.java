/** REST errors as RFC 9457 problem details built from the error catalogue. */
package im.api.problem;
