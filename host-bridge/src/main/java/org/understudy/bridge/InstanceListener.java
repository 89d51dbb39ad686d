package org.understudy.bridge;

/**
 * Events of one plugin instance, all delivered on the bridge thread, in the order the host caused
 * them. Implementations must return quickly: long work belongs on their own threads.
 */
public interface InstanceListener {
    /** [bridge-thread] The host loaded a state: read {@link InstanceBridge#payload()} again. */
    void stateLoaded();

    /** [bridge-thread] The processing sample rate changed: re-render at {@link InstanceBridge#sampleRate()}. */
    void sampleRateChanged(double sampleRate);

    /** [bridge-thread] The host opened the editor in X11 window {@code parentWindow}. */
    void editorAttached(long parentWindow, int width, int height);

    /** [bridge-thread] The host resized the editor. */
    void editorResized(int width, int height);

    /** [bridge-thread] The host closed the editor. */
    void editorDetached();

    /** [bridge-thread] The host released the instance; the bridge object is dead after this returns. */
    void closed();
}
