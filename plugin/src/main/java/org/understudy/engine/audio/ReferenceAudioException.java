package org.understudy.engine.audio;

/** A reference recording the engine cannot use, with a message meant for the user. */
public final class ReferenceAudioException extends Exception {
    private final double seconds;

    public ReferenceAudioException(String message, double seconds) {
        super(message);
        this.seconds = seconds;
    }

    /** [any-thread] The measured length of the rejected recording, in seconds. */
    public double seconds() {
        return seconds;
    }
}
