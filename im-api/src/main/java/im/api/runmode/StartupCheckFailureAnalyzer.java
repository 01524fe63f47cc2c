package im.api.runmode;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a failed start-up check as one description and one action. */
class StartupCheckFailureAnalyzer extends AbstractFailureAnalyzer<StartupCheckFailed> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupCheckFailed cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
