package im.core.account;

import java.time.Clock;
import java.time.Instant;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.text.ShownName;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts of users the company's identity provider vouches for (single sign-on), linked
 * to the provider's user for good by the issuer and subject of its ID tokens.
 */
@Service
@Transactional
public class ExternalAccounts {

	private final AccountRepository accounts;

	private final ExternalIdentities identities;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ExternalAccounts(AccountRepository accounts, ExternalIdentities identities, PasswordEncoder passwordEncoder,
			ApplicationEventPublisher events, Clock clock) {
		this.accounts = accounts;
		this.identities = identities;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The account of a user the company's identity provider vouched for: the one linked
	 * to the provider's user, else the unlinked account of the username the provider
	 * gives (the provider is trusted for its usernames), else a new one, with a password
	 * nobody knows. When the provider's claim decides the ADMIN role, the role follows it
	 * (the last active administrator keeps theirs).
	 * @throws DomainException {@code account-banned} for a banned account,
	 * {@code forbidden} for a bot
	 */
	public UserProfile signIn(ExternalSignIn signIn) {
		Instant now = this.clock.instant();
		Account account = this.identities.signedIn(signIn.issuer(), signIn.subject(), now)
			.map((id) -> this.accounts.findById(id)
				.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No user with id " + id + ".")))
			.orElseGet(() -> link(signIn, now));
		if (account.isBot()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Bots do not sign in.");
		}
		if (account.banned()) {
			throw new DomainException(ErrorCode.ACCOUNT_BANNED, "This account is banned.");
		}
		if (signIn.admin() != null) {
			Role wanted = signIn.admin() ? Role.ADMIN : Role.USER;
			if (account.role() != wanted
					&& (wanted == Role.ADMIN || this.accounts.countByRoleAndBannedAtIsNull(Role.ADMIN) > 1)) {
				account.changeRole(wanted, now);
				this.events.publishEvent(new AccountRoleChanged(account.id(), wanted));
			}
		}
		return account.toProfile();
	}

	private Account link(ExternalSignIn signIn, Instant now) {
		String wished = Usernames.fromWish(signIn.username(), signIn.subject());
		Account account = this.accounts.findByUsername(wished)
			.filter((found) -> !found.isBot() && !this.identities.linked(found.id().value()))
			.orElseGet(() -> {
				String username = wished;
				for (int i = 2; this.accounts.existsByUsername(username); i++) {
					String suffix = "-" + i;
					username = wished.substring(0, Math.min(wished.length(), 32 - suffix.length())) + suffix;
				}
				String displayName = shownName(signIn.displayName(), username);
				Account created = new Account(username, displayName,
						this.passwordEncoder.encode(AccountService.randomSecret()), Role.USER, now);
				this.accounts.saveAndFlush(created);
				this.events.publishEvent(new AccountRegistered(created.id(), username));
				return created;
			});
		this.identities.link(signIn.issuer(), signIn.subject(), account.id().value(), now);
		return account;
	}

	/**
	 * The display name a provider gives, as a name people may show (visible text on one
	 * line, at most 64 characters), or the username when nothing of it is left.
	 */
	private static String shownName(String given, String username) {
		if (given == null) {
			return username;
		}
		String cleaned = given.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").strip();
		if (cleaned.codePointCount(0, cleaned.length()) > 64) {
			cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, 64)).strip();
		}
		return (cleaned.isEmpty() || !cleaned.matches(ShownName.PATTERN)) ? username : cleaned;
	}

}
