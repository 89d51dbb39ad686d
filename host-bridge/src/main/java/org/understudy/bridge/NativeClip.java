package org.understudy.bridge;

import com.sun.jna.Pointer;

/**
 * Rendered audio in native memory, ready for the audio thread. Reference-counted on the native
 * side: closing drops this handle's reference, and the memory goes once no published timeline
 * uses it any more.
 */
public final class NativeClip implements AutoCloseable {
    private long handle;
    private final long frames;
    private final int channels;

    private NativeClip(long handle, long frames, int channels) {
        this.handle = handle;
        this.frames = frames;
        this.channels = channels;
    }

    /** [java-thread] Copies {@code audio[channel][frame]} (1 or 2 channels of equal length) to native memory. */
    public static NativeClip of(float[][] audio) {
        if (audio.length < 1 || audio.length > 2) throw new IllegalArgumentException("clips have 1 or 2 channels, not " + audio.length);
        final int frames = audio[0].length;
        for (float[] channel : audio) {
            if (channel.length != frames) throw new IllegalArgumentException("channels differ in length");
        }
        final long handle = Shim.us_clip_create(frames, audio.length);
        if (handle == 0) throw new OutOfMemoryError("native clip of " + frames + " frames");
        for (int c = 0; c < audio.length; c++) {
            new Pointer(Shim.us_clip_channel(handle, c)).write(0, audio[c], 0, frames);
        }
        return new NativeClip(handle, frames, audio.length);
    }

    public long frames() { return frames; }

    public int channels() { return channels; }

    long handle() {
        if (handle == 0) throw new IllegalStateException("clip already closed");
        return handle;
    }

    /** [java-thread] Idempotent. */
    @Override
    public synchronized void close() {
        if (handle != 0) {
            Shim.us_clip_release(handle);
            handle = 0;
        }
    }
}
