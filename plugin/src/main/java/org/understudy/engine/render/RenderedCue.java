package org.understudy.engine.render;

import java.util.Map;

/** Where one cue landed in the output: start and end in seconds, its voice and the settings used. */
public record RenderedCue(int number, double start, double end, String text, String voice, Map<String, Object> settings) {}
