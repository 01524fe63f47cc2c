package im.core.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code external_identities} table: which account an identity provider's user is.
 */
@Component
class ExternalIdentities {

	private final JdbcTemplate jdbc;

	ExternalIdentities(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The linked account's id, noting this sign-in. */
	Optional<Long> signedIn(String issuer, String subject, Instant now) {
		List<Long> users = this.jdbc.queryForList(
				"SELECT user_id FROM external_identities WHERE issuer = ? AND subject = ?", Long.class, issuer,
				subject);
		if (users.isEmpty()) {
			return Optional.empty();
		}
		this.jdbc.update("UPDATE external_identities SET last_sign_in_at = ? WHERE issuer = ? AND subject = ?",
				Timestamp.from(now), issuer, subject);
		return Optional.of(users.get(0));
	}

	boolean linked(long userId) {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM external_identities WHERE user_id = ?", Long.class,
				userId);
		return count != null && count > 0;
	}

	void link(String issuer, String subject, long userId, Instant now) {
		this.jdbc.update(
				"INSERT INTO external_identities (issuer, subject, user_id, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?)",
				issuer, subject, userId, Timestamp.from(now), Timestamp.from(now));
	}

}
