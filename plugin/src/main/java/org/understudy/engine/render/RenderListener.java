package org.understudy.engine.render;

/** Progress of a render, and the way to cancel it. Progress is reported on the rendering thread. */
public interface RenderListener {
    /** [engine-worker] {@code done} of {@code total} sentences are rendered; {@code cue} is the one in progress (from 1). */
    void progress(int done, int total, int cue);

    /** [any-thread] Polled before every sentence and every T2S step, also from render workers; true stops the render and nothing is written. */
    default boolean cancelled() {
        return false;
    }

    /** [engine-worker] Cue {@code index} (0-based, script order) is ready: its mastered audio, and whether it came from the cache. */
    default void cueReady(int index, float[] audio, boolean fromCache) {}

    RenderListener NONE = (done, total, cue) -> { };
}
