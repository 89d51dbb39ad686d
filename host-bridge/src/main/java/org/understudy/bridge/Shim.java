package org.understudy.bridge;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of {@code native/src/bridge.h}. Handles are native pointers carried as
 * {@code long}. Thread tags are those of {@code native/src/threads.h}.
 */
final class Shim {
    /** Bump together with US_BRIDGE_API_VERSION in native/src/bridge.h. */
    static final int API_VERSION = 2;

    static final int EVENT_NONE = 0;
    static final int EVENT_OPENED = 1;
    static final int EVENT_STATE_CHANGED = 2;
    static final int EVENT_SETUP_CHANGED = 3;
    static final int EVENT_EDITOR_ATTACHED = 4;
    static final int EVENT_EDITOR_DETACHED = 5;
    static final int EVENT_CLOSED = 6;
    static final int EVENT_EDITOR_RESIZED = 7;

    private Shim() {}

    /** [bridge-thread] Binds the natives below to the already-loaded shim at {@code path}. */
    static void bind(String path) {
        Native.register(Shim.class, NativeLibrary.getInstance(path));
    }

    /** [any-thread] */
    static native int us_bridge_api_version();
    /** [bridge-thread] */
    static native void us_bridge_ready();
    /** [bridge-thread] Blocks up to timeoutMs; out = {kind, instance, data, data}. */
    static native int us_bridge_next_event(int timeoutMs, long[] out);
    /** [any-thread] */
    static native long us_bridge_boot_nanos();

    /** [java-thread] */
    static native void us_instance_release(long instance);
    /** [java-thread] */
    static native double us_instance_sample_rate(long instance);
    /** [java-thread] */
    static native long us_instance_generation(long instance);
    /** [java-thread] Returns the payload length; copies only when cap is large enough. */
    static native int us_instance_payload(long instance, byte[] buf, int cap, long[] generation);
    /** [java-thread] Returns the new generation, or -1 when out of memory. */
    static native long us_instance_set_payload(long instance, byte[] buf, int len);
    /** [java-thread] out = {position, state bits, tempo * 1000, process mode}. */
    static native void us_instance_transport(long instance, long[] out);
    /** [java-thread] */
    static native void us_instance_request_editor_size(long instance, int width, int height);

    /** [java-thread] */
    static native long us_instance_offline_gave_up(long instance);

    /** [java-thread] Returns 0 when out of memory. */
    static native long us_clip_create(long frames, int channels);
    /** [java-thread] */
    static native long us_clip_channel(long clip, int channel);
    /** [java-thread] */
    static native void us_clip_release(long clip);
    /** [java-thread] Returns 0, or -1 when out of memory. */
    static native int us_instance_publish(long instance, long[] clips, long[] starts, byte[] fresh, int count,
                                          double sampleRate, long generation, int complete);
}
