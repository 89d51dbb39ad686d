package org.understudy.engine.script;

import java.nio.file.Path;
import java.util.List;

/** A script as read: where it came from, its format, and its cues in file order. */
public record Script(Path source, Format format, List<Cue> cues) {
    public enum Format { TEXT, SRT, WEBVTT, CUE_SHEET }

    public Script {
        cues = List.copyOf(cues);
    }
}
