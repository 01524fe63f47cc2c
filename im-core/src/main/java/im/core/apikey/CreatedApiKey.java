package im.core.apikey;

/**
 * A new API key: {@code key} is shown this once; only its hash is kept.
 */
public record CreatedApiKey(ApiKeyInfo info, String key) {

}
