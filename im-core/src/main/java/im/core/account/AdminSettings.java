package im.core.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, created at first start when no account of that name exists.
 *
 * @param username the administrator's username ({@code IM_ADMIN_USERNAME})
 * @param password the administrator's initial password ({@code IM_ADMIN_PASSWORD}); when
 * empty a strong one is generated and printed once in the log
 */
@ConfigurationProperties("im.admin")
public record AdminSettings(@DefaultValue("admin") String username, String password) {

}
