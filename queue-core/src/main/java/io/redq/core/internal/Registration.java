package io.redq.core.internal;

import io.redq.TaskContext;
import io.redq.TaskHandler;

/** A handler registered for one task type, with the payload type it binds to. */
record Registration<T>(String type, Class<T> payloadType, TaskHandler<T> handler) {

    void invoke(Object payload, TaskContext context) throws Exception {
        handler.handle(payloadType.cast(payload), context);
    }
}
