package im.core.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the trail; every column is written once. */
@Entity
@Table(name = "admin_audit")
class AuditEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private Instant at;

	@Column(nullable = false, updatable = false)
	private String actor;

	@Column(nullable = false, updatable = false)
	private String action;

	@Column(updatable = false)
	private String target;

	@Column(updatable = false)
	private String clientAddress;

	@Column(nullable = false, updatable = false)
	private int status;

	protected AuditEntry() {
	}

	AuditEntry(Instant at, String actor, String action, String target, String clientAddress, int status) {
		this.at = at;
		this.actor = actor;
		this.action = action;
		this.target = target;
		this.clientAddress = clientAddress;
		this.status = status;
	}

	AuditRecord toRecord() {
		return new AuditRecord(this.id, this.at, this.actor, this.action, this.target, this.clientAddress, this.status);
	}

}
