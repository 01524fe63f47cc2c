package im.api.admin;

import im.core.RunMode;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** One instance: its totals are the platform's. */
@Component
@Profile(RunMode.STANDALONE)
class LocalInstanceTotals implements InstanceTotals {

	@Override
	public Totals publish(Totals local) {
		return local;
	}

}
