package org.understudy.bridge;

/** The host transport as the audio thread last saw it. */
public record Transport(long positionSamples, boolean playing, double tempo, boolean offline) {
    static final int PLAYING_BIT = 1 << 1;
    static final int MODE_OFFLINE = 2;
}
