package im.core.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Makes sure the configured administrator exists. There is no default password: without
 * {@code IM_ADMIN_PASSWORD} a strong one is generated, stored as a hash, and printed
 * once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AccountService accounts;

	private final AdminSettings settings;

	AdminBootstrap(AccountService accounts, AdminSettings settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			this.accounts.createAdminIfMissing(this.settings.username(), this.settings.password())
				.ifPresent(this::announce);
		}
		catch (DataIntegrityViolationException ex) {
			// another instance of the cluster created it at the same moment
			log.info("Administrator '{}' was created by another instance", this.settings.username());
		}
		this.accounts.roleOf(this.settings.username())
			.filter((role) -> role != Role.ADMIN)
			.ifPresent((role) -> log.warn(
					"IM_ADMIN_USERNAME names '{}', which is an existing account without the ADMIN role; it was not promoted",
					this.settings.username()));
	}

	private void announce(String password) {
		// printed once, on purpose: this is the only way the operator learns it
		log.warn("""

				==================================================================
				 Created administrator '{}' with the generated password:
				     {}
				 It is shown only this once. Sign in and change it, or set
				 IM_ADMIN_PASSWORD before the first start next time.
				==================================================================""", this.settings.username(),
				password);
	}

}
