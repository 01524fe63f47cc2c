package im.core.error;

/**
 * A request refused for one of its fields ({@link ErrorCode#VALIDATION_FAILED}): the
 * adapters list the field in the problem's {@code errors}, as they do for the checks made
 * by bean validation, so a client can point at what to correct.
 */
public class InvalidField extends DomainException {

	private final String field;

	/**
	 * @param field the field's name as the client sent it (its JSON path, or a header's
	 * name)
	 * @param detail what is wrong with it and what is accepted
	 */
	public InvalidField(String field, String detail) {
		super(ErrorCode.VALIDATION_FAILED, detail);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
