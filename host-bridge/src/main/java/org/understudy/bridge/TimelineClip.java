package org.understudy.bridge;

/**
 * One clip placed on the timeline: it plays from {@code startSample} (at the timeline's rate,
 * negative allowed). {@code fresh} marks audio the audio thread has not played before, so it
 * fades in if it arrives while the playhead is already inside it.
 */
public record TimelineClip(NativeClip clip, long startSample, boolean fresh) {}
