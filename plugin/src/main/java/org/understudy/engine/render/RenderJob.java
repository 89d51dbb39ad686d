package org.understudy.engine.render;

import java.nio.file.Path;
import java.util.Map;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Script;

/**
 * What to render: a script, its default voice and any other voices its cues name (by preset id), the
 * output rate and sample format, and where to write. With {@code perCue} the output is a folder with a
 * file per cue; otherwise one mixed file. Subtitles ({@code .srt}, {@code .vtt}) and a JSON sidecar
 * are written beside the output.
 */
public record RenderJob(Script script, VoicePreset voice, Map<String, VoicePreset> otherVoices, int sampleRate,
                        WavFile.Format format, Path output, boolean perCue) {
    public RenderJob {
        otherVoices = Map.copyOf(otherVoices);
        if (sampleRate < 8000 || sampleRate > 384000) throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside 8000–384000");
    }
}
