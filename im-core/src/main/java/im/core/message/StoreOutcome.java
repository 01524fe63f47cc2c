package im.core.message;

import java.util.concurrent.CompletableFuture;

import im.core.error.DomainException;

/**
 * What became of one message of a chat writer's batch ({@link SendBatches}): stored, or
 * refused by the domain.
 */
record StoreOutcome(AdmittedMessage stored, DomainException refusal) {

	void answer(CompletableFuture<SendReceipt> receipt) {
		if (this.refusal != null) {
			receipt.completeExceptionally(this.refusal);
		}
		else {
			receipt.complete(this.stored.receipt());
		}
	}

}
