package im.core.text;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * A name other people see (a display name, a group's name): visible text on one line.
 * Refused: control characters (a newline, NUL), invisible formatting characters (bidi
 * overrides such as U+202E that turn {@code nimda} into "admin", zero-width spaces that
 * make a copy of another name look identical), and names of nothing but blanks. A
 * zero-width joiner stays allowed between emoji, which it joins into one (a family). Null
 * is valid: a field left out of a change.
 */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Pattern(regexp = ShownName.PATTERN)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface ShownName {

	/**
	 * One allowed character; blank-looking letters (Hangul fillers, braille blank) are
	 * blanks.
	 */
	String CHARACTER = "(?:[^\\p{Cntrl}\\p{Cf}]|(?<=\\p{So}[\\x{FE0F}\\x{1F3FB}-\\x{1F3FF}]?)\\x{200D}(?=\\p{So}))";

	/**
	 * Something visible among allowed characters, or nothing: whether a name may be empty
	 * is for {@code @NotBlank} or {@code @Size} to say, once.
	 */
	String PATTERN = "(?:" + CHARACTER + "*[^\\s\\p{Cntrl}\\p{Cf}\\x{115F}\\x{1160}\\x{3164}\\x{FFA0}\\x{2800}]"
			+ CHARACTER + "*)?";

	String message() default "must be visible text on one line, without control or invisible characters "
			+ "(bidi controls, zero-width spaces)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
