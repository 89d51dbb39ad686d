package org.understudy.daw;

import java.util.List;

/** What the editor shows, as one immutable snapshot the UI polls. */
public record EditorState(String engineStatus, String trackStatus, boolean error, double sampleRate,
                          long positionSamples, boolean playing, List<Row> clips) {
    /** One clip row: its place on the timeline and whether its audio is ready. */
    public record Row(int index, double startSeconds, double lengthSeconds, double frequencyHz, boolean ready) {}
}
