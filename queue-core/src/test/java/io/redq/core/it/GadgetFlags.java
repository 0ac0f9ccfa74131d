package io.redq.core.it;

import java.util.concurrent.atomic.AtomicBoolean;

/** Flipped by {@link Gadget}; kept apart so that reading the flags does not initialize the gadget. */
public final class GadgetFlags {

    /** The fully qualified name hostile payloads use. */
    public static final String GADGET_CLASS = "io.redq.core.it.Gadget";
    /** Set by Gadget's static initializer. */
    public static final AtomicBoolean INITIALIZED = new AtomicBoolean();
    /** Set by Gadget's constructor or setter. */
    public static final AtomicBoolean CONSTRUCTED = new AtomicBoolean();

    private GadgetFlags() {
    }
}
