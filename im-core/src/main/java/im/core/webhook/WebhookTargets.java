package im.core.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import im.core.error.InvalidField;

/**
 * Which URLs an endpoint may have: absolute {@code http} or {@code https} URLs with a
 * host, without user information (a password in a URL ends up in logs and lists), and,
 * when the operator forbids them, not on a loopback, private, link-local or otherwise
 * internal address, checked against every address the host name resolves to.
 */
final class WebhookTargets {

	static final int MAX_LENGTH = 2048;

	private WebhookTargets() {
	}

	/** The URL as it will be called, or an {@link InvalidField} for {@code url}. */
	static URI check(String url, boolean allowPrivateAddresses) {
		if (url == null || url.isBlank()) {
			throw new InvalidField("url", "url is required: the http or https URL to send events to.");
		}
		if (url.length() > MAX_LENGTH) {
			throw new InvalidField("url", "url may be at most " + MAX_LENGTH + " characters.");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidField("url", "url is not a valid URL: " + ex.getReason() + ".");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new InvalidField("url", "url must be an http or https URL.");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new InvalidField("url", "url must name a host.");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidField("url", "url must not carry a user name or password; the secret authenticates us.");
		}
		if (uri.getRawFragment() != null) {
			throw new InvalidField("url", "url must not have a fragment (#...): it is never sent.");
		}
		if (!allowPrivateAddresses) {
			requirePublic(uri.getHost());
		}
		return uri;
	}

	/**
	 * Refuses a host that is or resolves to an internal address. Checked again before
	 * each attempt, since what a name resolves to can change after registration.
	 */
	static void requirePublic(String host) {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new InvalidField("url", "url's host '" + host + "' is not known.");
		}
		for (InetAddress address : addresses) {
			if (internal(address)) {
				throw new InvalidField("url",
						"url's host '" + host + "' is an internal address (" + address.getHostAddress()
								+ "), which this server does not call (IM_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES).");
			}
		}
	}

	static boolean internal(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			// unique local addresses, fc00::/7: IPv6's private ranges
			return (bytes[0] & 0xfe) == 0xfc;
		}
		int first = bytes[0] & 0xff;
		int second = bytes[1] & 0xff;
		// carrier-grade NAT (100.64.0.0/10) and "this network" (0.0.0.0/8)
		return (first == 100 && second >= 64 && second < 128) || first == 0;
	}

}
