package im.core.paging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A page number of a paged list: from 0 to {@value #MAX}. Past that, the offset of a page
 * of the largest size would not fit the database's row offset, and no client pages that
 * far: a higher number is a client's mistake, not a server failure.
 */
@Documented
@Constraint(validatedBy = {})
@Min(0)
@Max(PageNumber.MAX)
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
public @interface PageNumber {

	/** The largest page number (times a size of at most 200, within a 32-bit offset). */
	long MAX = 1_000_000;

	String message() default "must be between 0 and 1000000";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
