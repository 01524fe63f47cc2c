package im.core.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import im.core.error.DomainException;
import im.core.text.LikePatterns;
import im.core.error.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: registration, credentials, profiles and finding people. Inputs arrive
 * validated (their records carry the constraints); this service enforces what needs the
 * database.
 */
@Service
@Transactional
public class AccountService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/**
	 * Compared against when the username is unknown, so that a miss costs as long as a
	 * hit.
	 */
	private final String unknownUserHash;

	AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events,
			Clock clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock;
		this.unknownUserHash = passwordEncoder.encode(randomSecret());
	}

	public UserProfile register(Registration registration) {
		String username = Usernames.normalize(registration.username());
		PasswordRules.check("password", username, registration.password());
		if (this.accounts.existsByUsername(username)) {
			throw usernameTaken(username);
		}
		Account account = new Account(username, registration.displayName().strip(),
				this.passwordEncoder.encode(registration.password()), Role.USER, this.clock.instant());
		try {
			this.accounts.saveAndFlush(account);
		}
		catch (DataIntegrityViolationException ex) {
			// two registrations of one name raced past the check; the unique index
			// decided
			throw usernameTaken(username);
		}
		this.events.publishEvent(new AccountRegistered(account.id(), username));
		return account.toProfile();
	}

	/**
	 * Users in the order they changed, for a directory sync: those changed after
	 * {@code after} (by update time, then id), at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<UserProfile> changedSince(Instant updatedAfter, long afterId, int limit) {
		return this.accounts.changedSince(updatedAfter, afterId, Limit.of(limit))
			.stream()
			.map(Account::toProfile)
			.toList();
	}

	/**
	 * Checks a username and password.
	 * @throws DomainException with {@link ErrorCode#BAD_CREDENTIALS} when either is
	 * wrong; the answer does not tell which
	 */
	public UserProfile authenticate(String username, String password) {
		Optional<Account> found = this.accounts.findByUsername(Usernames.normalize(username));
		if (found.isEmpty()) {
			this.passwordEncoder.matches(password, this.unknownUserHash);
			throw new DomainException(ErrorCode.BAD_CREDENTIALS, "Username or password is wrong.");
		}
		Account account = found.get();
		if (!this.passwordEncoder.matches(password, account.passwordHash())) {
			throw new DomainException(ErrorCode.BAD_CREDENTIALS, "Username or password is wrong.");
		}
		if (account.isBot()) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Bots do not sign in: they call the REST API with their API key (X-Api-Key).");
		}
		if (account.banned()) {
			// told only to whoever knows the password
			throw new DomainException(ErrorCode.ACCOUNT_BANNED, "This account is banned.");
		}
		if (this.passwordEncoder.upgradeEncoding(account.passwordHash())) {
			account.changePasswordHash(this.passwordEncoder.encode(password), this.clock.instant());
		}
		return account.toProfile();
	}

	@Transactional(readOnly = true)
	public UserProfile profile(UserId userId) {
		return find(userId).toProfile();
	}

	public UserProfile updateProfile(UserId userId, ProfileChange change) {
		Account account = find(userId);
		if (change.displayName() != null) {
			account.changeDisplayName(change.displayName().strip(), this.clock.instant());
		}
		if (change.avatarUrl() != null) {
			account.changeAvatarUrl(change.avatarUrl().isEmpty() ? null : change.avatarUrl(), this.clock.instant());
		}
		return account.toProfile();
	}

	/**
	 * Changes the user's own password and signs them out everywhere: refresh and access
	 * tokens alike, as whoever learnt the old password may hold some. The caller starts a
	 * new sign-in for the device that made the change.
	 */
	public void changePassword(UserId userId, PasswordChange change) {
		Account account = find(userId);
		if (!this.passwordEncoder.matches(change.currentPassword(), account.passwordHash())) {
			throw new DomainException(ErrorCode.WRONG_PASSWORD, "The current password is wrong.");
		}
		PasswordRules.check("newPassword", account.username(), change.newPassword());
		account.changePasswordHash(this.passwordEncoder.encode(change.newPassword()), this.clock.instant());
		account.revokeTokens(this.clock.instant());
		this.events.publishEvent(new PasswordChanged(userId, false));
	}

	/**
	 * Refuses a user an administrator muted.
	 * @throws DomainException {@link ErrorCode#MUTED} until the mute is over
	 */
	@Transactional(readOnly = true)
	public void requireNotMuted(UserId userId) {
		requireNotMuted(find(userId).mutedUntil(), this.clock.instant());
	}

	/**
	 * As {@link #requireNotMuted(UserId)}, for an account's mute read along with other
	 * data.
	 */
	public static void requireNotMuted(Instant mutedUntil, Instant now) {
		if (mutedUntil != null && mutedUntil.isAfter(now)) {
			throw new DomainException(ErrorCode.MUTED, "An administrator muted you until " + mutedUntil + ".");
		}
	}

	/**
	 * What decides whether the user's access tokens still work; an unknown user's never
	 * do.
	 */
	@Transactional(readOnly = true)
	public TokenStanding tokenStanding(UserId userId) {
		return this.accounts.findById(userId.value())
			.map(Account::toTokenStanding)
			.orElse(new TokenStanding(Instant.MAX, false));
	}

	/** Records when the user was last connected. */
	public void recordLastSeen(UserId userId, Instant at) {
		this.accounts.findById(userId.value()).ifPresent((account) -> account.seen(at));
	}

	/** When each of the users was last connected; users never seen are absent. */
	@Transactional(readOnly = true)
	public Map<UserId, Instant> lastSeen(Collection<UserId> users) {
		Map<UserId, Instant> seen = new HashMap<>();
		this.accounts.findAllById(users.stream().map(UserId::value).toList())
			.stream()
			.filter((account) -> account.lastSeenAt() != null)
			.forEach((account) -> seen.put(account.id(), account.lastSeenAt()));
		return seen;
	}

	/**
	 * The ids of the users with these usernames (compared without case); others are
	 * absent.
	 */
	@Transactional(readOnly = true)
	public List<UserId> idsOf(Collection<String> usernames) {
		return this.accounts.findByUsernameIn(usernames.stream().map(Usernames::normalize).toList())
			.stream()
			.map(Account::id)
			.toList();
	}

	/**
	 * Finds users whose username or display name contains {@code query}, ignoring case,
	 * ordered by username. A blank query lists everyone.
	 */
	@Transactional(readOnly = true)
	public Page<UserProfile> search(String query, int page, int size) {
		return this.accounts.search(LikePatterns.containing(query), PageRequest.of(page, size, Sort.by("username")))
			.map(Account::toProfile);
	}

	/**
	 * Creates the administrator account if no account of that name exists.
	 * @return the generated password when none was given and an account was created
	 */
	Optional<String> createAdminIfMissing(String username, String password) {
		String normalized = Usernames.normalize(username);
		if (this.accounts.existsByUsername(normalized)) {
			return Optional.empty();
		}
		boolean generate = (password == null || password.isBlank());
		String initialPassword = generate ? randomSecret() : password;
		Account admin = new Account(normalized, "Administrator", this.passwordEncoder.encode(initialPassword),
				Role.ADMIN, this.clock.instant());
		this.accounts.saveAndFlush(admin);
		this.events.publishEvent(new AccountRegistered(admin.id(), normalized));
		return generate ? Optional.of(initialPassword) : Optional.empty();
	}

	@Transactional(readOnly = true)
	Optional<Role> roleOf(String username) {
		return this.accounts.findByUsername(Usernames.normalize(username)).map(Account::role);
	}

	private Account find(UserId userId) {
		return this.accounts.findById(userId.value())
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No user with id " + userId + "."));
	}

	static DomainException usernameTaken(String username) {
		return new DomainException(ErrorCode.USERNAME_TAKEN, "The username '" + username + "' is taken.");
	}

	static String randomSecret() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
