package org.understudy.ui;

import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays one cue through Java Sound: a {@link SourceDataLine} at the audio's rate, 16-bit stereo (the
 * mono cue on both channels), fed from a daemon thread so the EDT never waits on the device. One cue at
 * a time: playing another stops the first. Its position (seconds on the track) is the standalone
 * window's playhead.
 */
public final class CuePreview {
    private static final int CHUNK = 2048;
    private final Object lock = new Object();
    private Thread player;                    // under lock
    private volatile SourceDataLine line;
    private volatile boolean stop;
    private volatile double offset;           // the cue's start on the track, seconds
    private volatile int rate = 1;
    private volatile boolean playing;

    /**
     * [edt] Starts playing {@code audio} (mono, at {@code rate}) placed at {@code startSeconds}; {@code
     * failed} hears the device's refusal on the player thread, {@code finished} hears the end.
     */
    public void play(float[] audio, int rate, double startSeconds, Consumer<String> failed, Runnable finished) {
        stop();
        synchronized (lock) {
            stop = false;
            offset = startSeconds;
            this.rate = rate;
            playing = true;
            player = new Thread(() -> run(audio, rate, failed, finished), "understudy-preview");
            player.setDaemon(true);
            player.start();
        }
    }

    /** [any-thread] Stops playing, at once. */
    public void stop() {
        stop = true;
        final SourceDataLine l = line;
        if (l != null) {
            l.stop();
            l.flush();
        }
        synchronized (lock) {
            player = null;
        }
    }

    /** [any-thread] Whether a cue is playing. */
    public boolean playing() {
        return playing;
    }

    /** [any-thread] Where the preview is on the track, seconds (the start of the last cue played when stopped). */
    public double position() {
        final SourceDataLine l = line;
        return l == null || !playing ? offset : offset + l.getLongFramePosition() / (double) rate;
    }

    /** [preview-thread] */
    private void run(float[] audio, int rate, Consumer<String> failed, Runnable finished) {
        final AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
        try (SourceDataLine l = AudioSystem.getSourceDataLine(format)) {
            l.open(format, rate / 5 * 4);                     // 200 ms of buffer
            line = l;
            l.start();
            final byte[] buf = new byte[CHUNK * 4];
            for (int at = 0; at < audio.length && !stop; at += CHUNK) {
                final int n = Math.min(CHUNK, audio.length - at);
                for (int i = 0; i < n; i++) {
                    final int s = (int) Math.round(Math.max(-1, Math.min(1, audio[at + i])) * 32767);
                    final byte lo = (byte) s, hi = (byte) (s >> 8);
                    buf[4 * i] = lo;
                    buf[4 * i + 1] = hi;
                    buf[4 * i + 2] = lo;
                    buf[4 * i + 3] = hi;
                }
                l.write(buf, 0, n * 4);
            }
            if (!stop) l.drain();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            failed.accept("cannot play the preview: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            line = null;
            playing = false;
            finished.run();
        }
    }
}
