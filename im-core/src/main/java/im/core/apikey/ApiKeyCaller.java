package im.core.apikey;

import java.util.Set;

/** Who a request with a valid API key comes from. */
public record ApiKeyCaller(long keyId, String name, Set<ApiKeyScope> scopes) {

}
