package im.core.account;

import java.time.Clock;
import java.util.List;

import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bots' accounts: opened by administrators for an integrator's program, never signed in
 * to (their password is a random secret nobody keeps, and sign-in refuses bots).
 */
@Service
@Transactional
public class BotAccounts {

	private final AccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	BotAccounts(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events,
			Clock clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Opens a bot's account, owned by {@code owner}: its password is a random secret
	 * nobody keeps, and sign-in refuses bots whatever the password.
	 */
	public BotAccount create(UserId owner, String username, String displayName, String avatarLetter) {
		if (!this.accounts.existsById(owner.value())) {
			throw new DomainException(ErrorCode.NOT_FOUND, "No user with id " + owner + ".");
		}
		String normalized = Usernames.normalize(username);
		if (this.accounts.existsByUsername(normalized)) {
			throw AccountService.usernameTaken(normalized);
		}
		Account bot = Account.bot(normalized, displayName.strip(),
				(avatarLetter != null && !avatarLetter.isBlank()) ? avatarLetter.strip() : null,
				this.passwordEncoder.encode(AccountService.randomSecret()), owner, this.clock.instant());
		try {
			this.accounts.saveAndFlush(bot);
		}
		catch (DataIntegrityViolationException ex) {
			throw AccountService.usernameTaken(normalized);
		}
		this.events.publishEvent(new AccountRegistered(bot.id(), normalized));
		return bot.toBotAccount();
	}

	/** Every bot, newest first. */
	@Transactional(readOnly = true)
	public List<BotAccount> list() {
		return this.accounts.findByBotTrueOrderByIdDesc().stream().map(Account::toBotAccount).toList();
	}

	/** The bot, or {@code not-found} when there is none of that id. */
	@Transactional(readOnly = true)
	public BotAccount find(UserId id) {
		return this.accounts.findById(id.value())
			.filter(Account::isBot)
			.map(Account::toBotAccount)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no bot " + id + "."));
	}

}
