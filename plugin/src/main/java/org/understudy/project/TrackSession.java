package org.understudy.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.render.RenderListener;
import org.understudy.engine.render.RenderService;

/**
 * A track at work: its project, and each cue's status and audio at the rate of the last render. The
 * plugin instance and the standalone window each hold one, and the editor shows one. Renders run on
 * the shared {@link Engine}; an edit or a newer render cancels the one in flight (per track). Unchanged
 * cues come back from the render cache, so "render" after an edit only really renders what changed.
 */
public final class TrackSession {
    private static final Logger LOG = Logger.getLogger("understudy.track");

    public enum Status { DIRTY, QUEUED, RENDERING, READY, ERROR }

    /** One cue: its status (and the engine's message when it failed) and, once ready, its audio at {@link Snapshot#rate}. */
    public record CueState(Status status, String message, float[] audio) {
        static final CueState DIRTY = new CueState(Status.DIRTY, "", null);
    }

    /** What the track is now; immutable. {@code busy} while a render runs. */
    public record Snapshot(TrackProject project, List<CueState> cues, int rate, double tempo, String status, boolean busy, long revision) {
        /** [any-thread] Whether every cue is ready or failed: nothing more will come for this revision. */
        public boolean settled() {
            return !busy && cues.stream().noneMatch(c -> c.status() == Status.DIRTY || c.status() == Status.QUEUED || c.status() == Status.RENDERING);
        }
    }

    /** Hears every change. Called on the engine thread or on the thread that edited. */
    public interface Listener {
        void changed(Snapshot now);
    }

    private final Engine engine;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong revision = new AtomicLong();
    private volatile Snapshot snapshot;

    public TrackSession(Engine engine, TrackProject project) {
        this.engine = engine;
        final List<CueState> cues = new ArrayList<>();
        for (int i = 0; i < project.cues().size(); i++) cues.add(CueState.DIRTY);
        snapshot = new Snapshot(project, List.copyOf(cues), 0, 120, "Not rendered yet", false, 0);
    }

    /** [any-thread] */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** [any-thread] */
    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** [any-thread] */
    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /**
     * [any-thread] Replaces the project. Cues whose text, voice and settings are unchanged keep their
     * audio and status (a moved cue only moves); the rest become dirty. A cue's voice is unchanged when
     * the preset that speaks it is (a new track voice leaves cues with another voice as they are).
     * Cancels a render in flight.
     */
    public synchronized void setProject(TrackProject project) {
        final Snapshot old = snapshot;
        final List<CueState> cues = new ArrayList<>();
        for (int i = 0; i < project.cues().size(); i++) {
            final TrackProject.ProjectCue c = project.cues().get(i);
            final TrackProject.Voice speaker = speaker(project, c);
            CueState kept = CueState.DIRTY;
            for (int j = 0; speaker != null && j < old.project().cues().size(); j++) {
                final TrackProject.ProjectCue o = old.project().cues().get(j);
                if (o.text().equals(c.text()) && o.voice().equals(c.voice()) && o.settings().equals(c.settings())
                        && speaker.equals(speaker(old.project(), o)) && old.cues().get(j).status() == Status.READY) {
                    kept = old.cues().get(j);
                    break;
                }
            }
            cues.add(kept);
        }
        publish(new Snapshot(project, List.copyOf(cues), old.rate(), old.tempo(), "Edited", false, revision.incrementAndGet()));
    }

    /**
     * [any-thread] Renders every cue at {@code rate}, placing beat positions at {@code tempo}, on the
     * engine thread; cues already ready at that rate stay as they are. Cancels a render in flight.
     */
    public synchronized Future<Snapshot> render(int rate, double tempo) {
        final Snapshot s = snapshot;
        final long rev = revision.incrementAndGet();
        final List<CueState> cues = new ArrayList<>();
        for (int i = 0; i < s.cues().size(); i++) {
            final CueState c = s.cues().get(i);
            final java.util.Optional<float[]> kept = s.project().audio().samples(s.project().audioKey(i, rate), rate);
            if (c.status() == Status.READY && s.rate() == rate) cues.add(c);
            else if (kept.isPresent()) cues.add(new CueState(Status.READY, "from the project", kept.get()));
            else cues.add(new CueState(Status.QUEUED, "", null));
        }
        publish(new Snapshot(s.project(), List.copyOf(cues), rate, tempo, "Queued", true, rev));
        return engine.submit(() -> run(rev));
    }

    /** The preset that speaks {@code c} in {@code p}: the track's voice or the other voice it names; null if it names none loaded. */
    private static TrackProject.Voice speaker(TrackProject p, TrackProject.ProjectCue c) {
        final String id = c.voice().orElse(p.voice().id());
        if (id.equals(p.voice().id())) return p.voice();
        for (TrackProject.Voice v : p.otherVoices()) if (v.id().equals(id)) return v;
        return null;
    }

    /** [any-thread] Renders every cue again at {@code rate} (each cue dirty first), as {@link #render}. */
    public synchronized Future<Snapshot> renderAll(int rate, double tempo) {
        final Snapshot s = snapshot;
        final List<CueState> cues = new ArrayList<>();
        for (int i = 0; i < s.cues().size(); i++) cues.add(CueState.DIRTY);
        publish(new Snapshot(s.project(), List.copyOf(cues), s.rate(), s.tempo(), "Rendering all", false, revision.incrementAndGet()));
        return render(rate, tempo);
    }

    /** [any-thread] Shows {@code status} (a message from the host side) without touching the render in flight. */
    public synchronized void report(String status) {
        final Snapshot s = snapshot;
        publish(new Snapshot(s.project(), s.cues(), s.rate(), s.tempo(), status, s.busy(), s.revision()));
    }

    /** [any-thread] Stops the render in flight, if any, at its next step. */
    public synchronized void cancel() {
        final Snapshot s = snapshot;
        final List<CueState> cues = new ArrayList<>();
        for (CueState c : s.cues()) cues.add(c.status() == Status.READY || c.status() == Status.ERROR ? c : CueState.DIRTY);
        publish(new Snapshot(s.project(), List.copyOf(cues), s.rate(), s.tempo(), "Cancelled", false, revision.incrementAndGet()));
    }

    /** [engine-worker] */
    private Snapshot run(long rev) {
        final Snapshot start = snapshot;
        if (start.revision() != rev) return start;                          // superseded while queued
        update(rev, s -> {
            final List<CueState> cues = new ArrayList<>();
            for (CueState c : s.cues()) cues.add(c.status() == Status.QUEUED ? new CueState(Status.RENDERING, "", null) : c);
            return new Snapshot(s.project(), List.copyOf(cues), s.rate(), s.tempo(), "Rendering at " + s.rate() + " Hz", true, rev);
        });
        final RenderService service = engine.service();
        final TrackProject project = start.project();
        try {
            final VoicePreset voice = project.voice().resolve();
            final Map<String, VoicePreset> others = project.resolveOthers();
            // only what is not ready at this rate: ready cues keep their audio (and the plugin its clips)
            final List<org.understudy.engine.script.Cue> all = project.scriptCues(start.tempo()), todo = new ArrayList<>();
            final List<Integer> where = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (start.cues().get(i).status() != Status.READY) {
                    todo.add(all.get(i));
                    where.add(i);
                }
            }
            final RenderService.Cues done = service.renderCues(todo, voice, others, start.rate(), new RenderListener() {
                @Override
                public void progress(int d, int total, int cue) {}

                @Override
                public boolean cancelled() {
                    return snapshot.revision() != rev;
                }

                @Override
                public void cueReady(int index, float[] audio, boolean fromCache) {
                    update(rev, s -> {
                        final List<CueState> cues = new ArrayList<>(s.cues());
                        cues.set(where.get(index), new CueState(Status.READY, fromCache ? "from the cache" : "", audio));
                        return new Snapshot(s.project(), List.copyOf(cues), s.rate(), s.tempo(), s.status(), true, rev);
                    });
                }
            });
            for (String w : done.warnings()) LOG.info(w);
            return update(rev, s -> new Snapshot(s.project(), s.cues(), s.rate(), s.tempo(),
                    s.cues().size() + " cues ready at " + s.rate() + " Hz" + (done.warnings().isEmpty() ? "" : "; " + done.warnings().get(0)), false, rev));
        } catch (CancellationException e) {
            return snapshot;
        } catch (Exception | OutOfMemoryError e) {
            final String message = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(Level.WARNING, "render failed: " + message, e);
            return update(rev, s -> {
                final List<CueState> cues = new ArrayList<>();
                for (CueState c : s.cues()) cues.add(c.status() == Status.READY ? c : new CueState(Status.ERROR, message, null));
                return new Snapshot(s.project(), List.copyOf(cues), s.rate(), s.tempo(), "Rendering failed: " + message, false, rev);
            });
        }
    }

    /** Applies {@code change} if the snapshot is still of revision {@code rev}. */
    private synchronized Snapshot update(long rev, java.util.function.UnaryOperator<Snapshot> change) {
        if (snapshot.revision() != rev) return snapshot;
        publish(change.apply(snapshot));
        return snapshot;
    }

    private void publish(Snapshot s) {
        snapshot = s;
        for (Listener l : listeners) {
            try {
                l.changed(s);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a track listener failed", e);
            }
        }
    }
}
