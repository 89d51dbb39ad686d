package org.understudy.daw;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.understudy.bridge.InstanceBridge;
import org.understudy.bridge.InstanceListener;
import org.understudy.bridge.NativeClip;
import org.understudy.bridge.TimelineClip;
import org.understudy.project.Engine;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackSession;
import org.understudy.ui.EmbeddedEditor;

/**
 * One plugin instance on a track: its {@link TrackProject} lives in the host's state; a
 * {@link TrackSession} renders its cues at the host rate on the JVM's shared engine, and every change
 * is published to the audio thread as a timeline (each ready cue at its sample; cues placed in beats
 * at the host's tempo). The publication that leaves nothing pending is marked complete, which releases
 * an offline bounce waiting for it. Realtime playback never waits: a cue not rendered yet is silent.
 */
final class TrackInstance implements InstanceListener {
    private static final Logger LOG = Logger.getLogger("understudy.track");
    /** Watches every instance's transport for tempo changes and new generations. */
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "understudy-transport");
        t.setDaemon(true);
        return t;
    });
    private static final double DEFAULT_TEMPO = 120;

    private final InstanceBridge bridge;
    private final TrackSession session;
    private final Map<float[], NativeClip> clips = new IdentityHashMap<>();   // under this
    private Set<NativeClip> lastPublished = Set.of();                           // under this
    private volatile String problem;                                            // why the saved track cannot be used
    private volatile TrackProject saved;                                        // the project the host's payload holds
    private EmbeddedEditor editor;                                              // bridge thread only

    TrackInstance(InstanceBridge bridge) {
        this.bridge = bridge;
        this.session = new TrackSession(Engine.shared(), defaultProject());
        session.addListener(this::changed);
        reload();
        WATCH.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** A new track speaks with the low guide voice until the user picks another. */
    static TrackProject defaultProject() {
        try (InputStream in = TrackInstance.class.getResourceAsStream("/presets/guide-low.json")) {
            if (in == null) throw new IOException("the built-in preset guide-low.json is missing from the plugin");
            final var preset = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            return new TrackProject(new TrackProject.Voice(EmbeddedEditor.defaultPresetsFolder().resolve("guide-low.json"), preset), List.of(), List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stateLoaded() {
        reload();
    }

    @Override
    public void sampleRateChanged(double sampleRate) {
        reload();
    }

    @Override
    public void editorAttached(long parentWindow, int width, int height) {
        if (editor == null) {
            editor = EmbeddedEditor.open(parentWindow, width, height, session, () -> bridge.transport().positionSamples() / Math.max(1, bridge.sampleRate()),
                    () -> (int) Math.round(bridge.sampleRate()), this::tempo, EmbeddedEditor.defaultPresetsFolder());
        }
        else editor.resize(width, height);
    }

    @Override
    public void editorResized(int width, int height) {
        if (editor != null) editor.resize(width, height);
    }

    @Override
    public void editorDetached() {
        if (editor != null) editor.close();
        editor = null;
    }

    @Override
    public void closed() {
        editorDetached();
        session.cancel();
        synchronized (this) {
            clips.values().forEach(NativeClip::close);
            clips.clear();
        }
    }

    /** [bridge-thread] Reads the host's payload; an unusable one is kept as it is and nothing plays. */
    private void reload() {
        final var p = bridge.payload();
        TrackProject project;
        if (p.bytes().length == 0) {
            problem = null;
            project = session.snapshot().project().withCues(List.of());
        } else {
            try {
                project = TrackProject.parse(p.bytes());
                problem = null;
            } catch (TrackProject.InvalidProjectException e) {
                problem = "Cannot use the saved track: " + e.getMessage();
                LOG.warning(problem);
                project = session.snapshot().project().withCues(List.of());
            }
        }
        saved = project;
        session.setProject(project);
        render();
    }

    private void render() {
        final double rate = bridge.sampleRate();
        if (rate > 0) session.render((int) Math.round(rate), tempo());
    }

    private double tempo() {
        final double t = bridge.transport().tempo();
        return t > 0 ? t : DEFAULT_TEMPO;
    }

    /** [transport-watch] A tempo change (a new generation from the shim, or a tempo the timeline was not placed at) re-places beat cues. */
    private void watch() {
        if (bridge.isClosed()) throw new IllegalStateException("closed");          // ends the schedule
        try {
            if (bridge.generation() != publishedGeneration || bridge.transport().tempo() != publishedHostTempo) changed(session.snapshot());
            final long gaveUp = bridge.offlineGaveUp();
            if (gaveUp >= 0 && gaveUp != reportedGaveUp) {
                reportedGaveUp = gaveUp;
                final TrackSession.Snapshot s = session.snapshot();
                final long missing = s.cues().stream().filter(c -> c.status() != TrackSession.Status.READY).count();
                session.report("The offline bounce stopped waiting after " + System.getenv().getOrDefault("UNDERSTUDY_OFFLINE_TIMEOUT_MS", "120000")
                        + " ms without progress: " + missing + " of " + s.cues().size() + " cues were not ready and are silent in it. Render them, then bounce again.");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transport watch failed", e);
        }
    }

    private volatile long publishedGeneration = -1;
    private volatile double publishedHostTempo = -1;
    private volatile long reportedGaveUp = -1;                           // 0 while the host has not said

    /**
     * [engine-worker or any] An edit (from the editor) goes into the host's state and is rendered; then
     * the ready cues are published, complete when nothing more is coming.
     */
    private void changed(TrackSession.Snapshot s) {
        // never call into the session while holding this instance's lock: the session calls us holding its own
        final boolean edited;
        synchronized (this) {
            edited = s.project() != saved && problem == null;
            if (edited) saved = s.project();
        }
        if (edited) {
            bridge.setPayload(s.project().toBytes());
            render();                                                                // the render's snapshots publish
        } else {
            publish(s);
        }
    }

    /** [engine-worker or transport-watch] Hands the ready cues to the audio thread. */
    private synchronized void publish(TrackSession.Snapshot s) {
        final double rate = bridge.sampleRate();
        if (!(rate > 0) || s.rate() != (int) Math.round(rate)) return;            // a render at the new rate follows
        final double hostTempo = bridge.transport().tempo(), tempo = hostTempo > 0 ? hostTempo : DEFAULT_TEMPO;
        // until the host has said its tempo, beat-placed cues may be in the wrong place: an offline bounce waits
        final boolean placed = hostTempo > 0 || s.project().cues().stream().allMatch(c -> c.start().isPresent());
        final long generation = bridge.generation();
        final List<TimelineClip> timeline = new ArrayList<>();
        final Set<NativeClip> used = new HashSet<>();
        final List<TrackProject.ProjectCue> cues = s.project().cues();
        for (int i = 0; i < cues.size(); i++) {
            final TrackSession.CueState c = s.cues().get(i);
            if (c.status() != TrackSession.Status.READY) continue;
            NativeClip clip = clips.get(c.audio());
            if (clip == null) {
                clip = NativeClip.of(new float[][] {c.audio(), c.audio()});
                clips.put(c.audio(), clip);
            }
            used.add(clip);
            timeline.add(new TimelineClip(clip, Math.round(cues.get(i).seconds(tempo) * rate), !lastPublished.contains(clip)));
        }
        try {
            bridge.publish(timeline, rate, generation, s.settled() && placed);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(Level.SEVERE, "cannot publish the timeline", e);
            return;
        }
        if (s.settled() && s.project().audio().budgetBytes() > 0) WATCH.execute(() -> keepAudioInProject(s));
        publishedGeneration = generation;
        publishedHostTempo = hostTempo;
        lastPublished = used;
        clips.entrySet().removeIf(e -> {
            final boolean drop = !used.contains(e.getValue()) && !stillReady(s, e.getKey());
            if (drop) e.getValue().close();                                         // freed once the audio thread lets go
            return drop;
        });
    }

    /** [transport-watch] With an audio budget, the rendered cues go into the project (the host saves them with it). */
    private void keepAudioInProject(TrackSession.Snapshot s) {
        if (session.snapshot().revision() != s.revision()) return;                 // something newer came meanwhile
        final List<float[]> ready = new ArrayList<>();
        for (TrackSession.CueState c : s.cues()) ready.add(c.status() == TrackSession.Status.READY ? c.audio() : null);
        final TrackProject with = s.project().withRenderedAudio(ready, s.rate());
        if (!with.audio().equals(s.project().audio())) session.setProject(with);
    }

    private static boolean stillReady(TrackSession.Snapshot s, float[] audio) {
        for (TrackSession.CueState c : s.cues()) if (c.audio() == audio) return true;
        return false;
    }
}
