package im.core.apikey;

import java.util.Set;

/**
 * Who a request with a valid API key comes from.
 *
 * @param botId the bot a key of scope {@code messages} acts as; null for other keys
 */
public record ApiKeyCaller(long keyId, String name, Set<ApiKeyScope> scopes, Long botId) {

}
