package org.understudy.bridge;

import java.util.List;

/**
 * One plugin instance as Java sees it: the state payload, the processing rate, the transport,
 * and the timeline it publishes for the audio thread. Every method is [java-thread]: callable
 * from any Java thread, never from the host's audio thread (which never enters Java).
 */
public final class InstanceBridge {
    private final long handle;
    private volatile boolean closed;

    InstanceBridge(long handle) {
        this.handle = handle;
    }

    /** The rate the host set in setupProcessing, or 0 before it did. */
    public double sampleRate() {
        return live() ? Shim.us_instance_sample_rate(handle) : 0;
    }

    /** The document generation: bumped by every state load, rate change and {@link #setPayload}. */
    public long generation() {
        return live() ? Shim.us_instance_generation(handle) : -1;
    }

    /** The document bytes the host stored (empty for a new instance) and their generation. */
    public Payload payload() {
        if (!live()) return new Payload(new byte[0], -1);
        final long[] generation = new long[1];
        while (true) {
            final int length = Shim.us_instance_payload(handle, null, 0, generation);
            final byte[] bytes = new byte[length];
            if (Shim.us_instance_payload(handle, bytes, length, generation) == length) return new Payload(bytes, generation[0]);
        }
    }

    /** Replaces the document (an edit made here); it goes into the host project on the next save. */
    public long setPayload(byte[] bytes) {
        if (!live()) return -1;
        final long generation = Shim.us_instance_set_payload(handle, bytes, bytes.length);
        if (generation < 0) throw new OutOfMemoryError("state payload of " + bytes.length + " bytes");
        return generation;
    }

    public Transport transport() {
        final long[] t = new long[4];
        if (live()) Shim.us_instance_transport(handle, t);
        return new Transport(t[0], (t[1] & Transport.PLAYING_BIT) != 0, t[2] / 1000.0, t[3] == Transport.MODE_OFFLINE);
    }

    /** The generation whose offline bounce stopped waiting for audio (it timed out without progress), or -1. */
    public long offlineGaveUp() {
        return live() ? Shim.us_instance_offline_gave_up(handle) : -1;
    }

    /** Asks the host to resize the editor; the shim forwards it on the host's UI thread. */
    public void requestEditorSize(int width, int height) {
        if (live()) Shim.us_instance_request_editor_size(handle, width, height);
    }

    /**
     * Publishes what the audio thread plays from now on. {@code complete} says nothing more is
     * rendering for {@code generation}; an offline bounce waits for that.
     */
    public synchronized void publish(List<TimelineClip> clips, double sampleRate, long generation, boolean complete) {
        if (!live()) return;
        final int n = clips.size();
        final long[] handles = new long[n];
        final long[] starts = new long[n];
        final byte[] fresh = new byte[n];
        for (int i = 0; i < n; i++) {
            final TimelineClip c = clips.get(i);
            handles[i] = c.clip().handle();
            starts[i] = c.startSample();
            fresh[i] = (byte) (c.fresh() ? 1 : 0);
        }
        if (Shim.us_instance_publish(handle, handles, starts, fresh, n, sampleRate, generation, complete ? 1 : 0) != 0) {
            throw new OutOfMemoryError("timeline snapshot of " + n + " clips");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private boolean live() {
        return !closed;
    }

    /** [bridge-thread] After the listener saw CLOSED: drops Java's reference. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            Shim.us_instance_release(handle);
        }
    }
}
