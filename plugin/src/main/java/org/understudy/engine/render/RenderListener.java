package org.understudy.engine.render;

/** Progress of a render, and the way to cancel it. Progress is reported on the rendering thread. */
public interface RenderListener {
    /** [engine-worker] {@code done} of {@code total} sentences are rendered; {@code cue} is the one in progress (from 1). */
    void progress(int done, int total, int cue);

    /** [any-thread] Polled before every sentence and every T2S step, also from render workers; true stops the render and nothing is written. */
    default boolean cancelled() {
        return false;
    }

    RenderListener NONE = (done, total, cue) -> { };
}
