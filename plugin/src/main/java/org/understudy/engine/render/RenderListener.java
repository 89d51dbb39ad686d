package org.understudy.engine.render;

/** Progress of a render, and the way to cancel it. Called on the rendering thread. */
public interface RenderListener {
    /** [engine-worker] {@code done} of {@code total} sentences are rendered; {@code cue} is the one in progress (from 1). */
    void progress(int done, int total, int cue);

    /** [engine-worker] Polled between sentences; true stops the render and nothing is written. */
    default boolean cancelled() {
        return false;
    }

    RenderListener NONE = (done, total, cue) -> { };
}
