package im.core.account;

import java.time.Clock;
import java.time.Instant;

import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.text.LikePatterns;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do to accounts: look at their standing, ban and unban, mute, reset
 * passwords, give and take the ADMIN role. Each change that must end sessions says so by
 * an event ({@link AccountBanned}, {@link PasswordChanged}, {@link AccountRoleChanged}).
 * Administrators never act on themselves, and the last active administrator stays one.
 */
@Service
@Transactional
public class AccountModeration {

	private final AccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AccountModeration(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events,
			Clock clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public AccountStanding standing(UserId userId) {
		return find(userId).toStanding();
	}

	/** {@link AccountService#search} with each user's standing. */
	@Transactional(readOnly = true)
	public Page<AccountStanding> searchStandings(String query, int page, int size) {
		return this.accounts.search(LikePatterns.containing(query), PageRequest.of(page, size, Sort.by("username")))
			.map(Account::toStanding);
	}

	/**
	 * Bans an account: it can no longer sign in, and its sessions end
	 * ({@link AccountBanned}). Banning a banned account changes nothing.
	 */
	public AccountStanding ban(UserId admin, UserId userId, String reason) {
		refuseSelf(admin, userId, "ban");
		Account account = find(userId);
		if (!account.banned()) {
			if (account.role() == Role.ADMIN) {
				requireAnotherAdmin();
			}
			account.ban(reason, this.clock.instant());
			this.events.publishEvent(new AccountBanned(userId));
		}
		return account.toStanding();
	}

	public AccountStanding unban(UserId userId) {
		Account account = find(userId);
		if (account.banned()) {
			account.unban(this.clock.instant());
			this.events.publishEvent(new AccountUnbanned(userId));
		}
		return account.toStanding();
	}

	/** Mutes a user everywhere until the time given; null lifts the mute. */
	public AccountStanding mute(UserId userId, Instant until) {
		Account account = find(userId);
		account.muteUntil(until, this.clock.instant());
		return account.toStanding();
	}

	/**
	 * Sets a new password for a user, who is signed out everywhere: refresh tokens and
	 * access tokens alike.
	 */
	public void resetPassword(UserId userId, String newPassword) {
		Account account = find(userId);
		PasswordRules.check("newPassword", account.username(), newPassword);
		account.changePasswordHash(this.passwordEncoder.encode(newPassword), this.clock.instant());
		account.revokeTokens(this.clock.instant());
		this.events.publishEvent(new PasswordChanged(userId, true));
	}

	/**
	 * Gives a user another role; they sign in again to use it
	 * ({@link AccountRoleChanged}). The last active administrator keeps theirs.
	 */
	public AccountStanding changeRole(UserId admin, UserId userId, Role role) {
		Account account = find(userId);
		if (account.role() == role) {
			return account.toStanding();
		}
		refuseSelf(admin, userId, "change the role of");
		if (account.role() == Role.ADMIN && !account.banned()) {
			requireAnotherAdmin();
		}
		account.changeRole(role, this.clock.instant());
		this.events.publishEvent(new AccountRoleChanged(userId, role));
		return account.toStanding();
	}

	private void requireAnotherAdmin() {
		if (this.accounts.countByRoleAndBannedAtIsNull(Role.ADMIN) <= 1) {
			throw new DomainException(ErrorCode.LAST_ADMIN,
					"This is the last active administrator; make someone else one first.");
		}
	}

	private static void refuseSelf(UserId admin, UserId userId, String what) {
		if (admin.equals(userId)) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Administrators cannot " + what + " themselves.");
		}
	}

	private Account find(UserId userId) {
		return this.accounts.findById(userId.value())
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No user with id " + userId + "."));
	}

}
