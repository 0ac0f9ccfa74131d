package io.redq.core.it;

/**
 * A class a hostile payload names in an {@code @class} field. If anything ever loaded and
 * constructed it from a message, {@link GadgetFlags} would say so. Tests refer to it by name only.
 */
public final class Gadget {

    static {
        GadgetFlags.INITIALIZED.set(true);
    }

    public Gadget() {
        GadgetFlags.CONSTRUCTED.set(true);
    }

    public void setCommand(String command) {
        GadgetFlags.CONSTRUCTED.set(true);
    }
}
