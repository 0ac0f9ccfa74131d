package io.redq;

import java.util.Objects;

/**
 * Selects dead-letter records by task type, error class and reason; an unset criterion matches
 * everything. Immutable: {@code DeadLetterFilter.all().type("send-email").errorClass("java.io.IOException")}.
 *
 * @since 0.1
 */
public final class DeadLetterFilter {

    private static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null);

    private final String type;
    private final String errorClass;
    private final String reason;

    private DeadLetterFilter(String type, String errorClass, String reason) {
        this.type = type;
        this.errorClass = errorClass;
        this.reason = reason;
    }

    /** The filter that matches every record. */
    public static DeadLetterFilter all() {
        return ALL;
    }

    /** Only records of this task type. */
    public DeadLetterFilter type(String type) {
        return new DeadLetterFilter(requireText(type, "type"), errorClass, reason);
    }

    /** Only records whose error class name equals this (fully qualified, e.g. "java.io.IOException"). */
    public DeadLetterFilter errorClass(String errorClass) {
        return new DeadLetterFilter(type, requireText(errorClass, "errorClass"), reason);
    }

    /** Only records with this reason, e.g. "exhausted". */
    public DeadLetterFilter reason(String reason) {
        return new DeadLetterFilter(type, errorClass, requireText(reason, "reason"));
    }

    /** True if the record matches every criterion set. */
    public boolean matches(DeadLetter record) {
        return (type == null || type.equals(record.envelope().type()))
                && (errorClass == null || errorClass.equals(record.errorClass()))
                && (reason == null || reason.equals(record.reason()));
    }

    /** True if no criterion is set. */
    public boolean matchesAll() {
        return type == null && errorClass == null && reason == null;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be null or blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "DeadLetterFilter{type=" + type + ", errorClass=" + errorClass + ", reason=" + reason + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetterFilter f && Objects.equals(type, f.type)
                && Objects.equals(errorClass, f.errorClass) && Objects.equals(reason, f.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, errorClass, reason);
    }
}
