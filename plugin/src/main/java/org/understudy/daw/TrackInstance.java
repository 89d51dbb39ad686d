package org.understudy.daw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.understudy.bridge.InstanceBridge;
import org.understudy.bridge.InstanceListener;
import org.understudy.bridge.NativeClip;
import org.understudy.bridge.TimelineClip;
import org.understudy.bridge.Transport;
import org.understudy.engine.ToneBurst;
import org.understudy.ui.EmbeddedEditor;

/**
 * One plugin instance on a track: reads its document from the host state, renders each clip at
 * the host rate on a worker, and publishes the timeline clip by clip (the last publication is
 * marked complete, which releases an offline bounce that waits for it).
 */
final class TrackInstance implements InstanceListener {
    private static final Logger LOG = Logger.getLogger("understudy.track");
    /** Shared by every instance in this process: bounded, daemon threads. */
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2, r -> {
        final Thread t = new Thread(r, "understudy-render");
        t.setDaemon(true);
        return t;
    });

    private final InstanceBridge bridge;
    private final AtomicLong wanted = new AtomicLong(-1);     // the generation the newest job renders
    private final Object renderLock = new Object();          // one job at a time per instance
    private final Map<ClipKey, NativeClip> cache = new HashMap<>(); // under renderLock
    private Set<NativeClip> lastPublished = Set.of();          // under renderLock

    private volatile TrackDocument document = TrackDocument.EMPTY;
    private volatile Set<Integer> readyRows = Set.of();        // positions in document.clips()
    private volatile String trackStatus = "No clips yet";
    private volatile boolean error;
    private EmbeddedEditor editor;                             // bridge thread only

    private record ClipKey(int index, double length, double sampleRate) {}

    TrackInstance(InstanceBridge bridge) {
        this.bridge = bridge;
        reload();
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
        if (editor == null) editor = EmbeddedEditor.open(parentWindow, width, height, EmbeddedEditor.sessionFor(bridge.payload().bytes()),
                () -> bridge.transport().positionSamples() / Math.max(1, bridge.sampleRate()), () -> (int) bridge.sampleRate(), EmbeddedEditor.defaultPresetsFolder());
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
        wanted.set(Long.MAX_VALUE);                            // stops any job in flight
        WORKERS.execute(() -> {
            synchronized (renderLock) {
                cache.values().forEach(NativeClip::close);
                cache.clear();
            }
        });
    }

    /** [bridge-thread] Re-reads the document and starts rendering it at the current rate. */
    private void reload() {
        final var payload = bridge.payload();
        try {
            document = TrackDocument.parse(payload.bytes());
            error = false;
            trackStatus = "Rendering";
        } catch (TrackDocument.InvalidDocumentException e) {
            // Keep the payload as it is (the host saves it back unchanged) and say why nothing plays.
            // An empty, complete timeline keeps an offline bounce from waiting for audio that will never come.
            trackStatus = "Cannot use the saved track: " + e.getMessage();
            error = true;
            LOG.warning(trackStatus);
            document = TrackDocument.EMPTY;
        }
        final double rate = bridge.sampleRate();
        final long generation = payload.generation();
        wanted.set(generation);
        final TrackDocument doc = document;
        WORKERS.execute(() -> render(doc, rate, generation));
    }

    /** [engine-worker] */
    private void render(TrackDocument doc, double rate, long generation) {
        synchronized (renderLock) {
            if (wanted.get() != generation) return;            // superseded before it started
            if (!(rate > 0)) {
                trackStatus = "Waiting for the host to set a sample rate";
                return;
            }
            try {
                renderAndPublish(doc, rate, generation);
            } catch (RuntimeException | OutOfMemoryError e) {
                trackStatus = "Rendering failed: " + e;
                error = true;
                LOG.log(Level.SEVERE, "rendering failed", e);
            }
        }
    }

    private void renderAndPublish(TrackDocument doc, double rate, long generation) {
        final List<TimelineClip> timeline = new ArrayList<>();
        final Set<NativeClip> used = new HashSet<>();
        final Set<Integer> ready = new HashSet<>();
        final List<TrackDocument.Clip> clips = doc.clips();
        readyRows = Set.of();
        for (int i = 0; i < clips.size(); i++) {
            if (wanted.get() != generation) return;            // a newer document arrived
            final TrackDocument.Clip c = clips.get(i);
            final ClipKey key = new ClipKey(c.index(), c.length(), rate);
            NativeClip audio = cache.get(key);
            if (audio == null) {
                audio = NativeClip.of(ToneBurst.render(c.index(), c.length(), rate));
                cache.put(key, audio);
            }
            used.add(audio);
            timeline.add(new TimelineClip(audio, Math.round(c.start() * rate), !lastPublished.contains(audio)));
            ready.add(i);
            readyRows = Set.copyOf(ready);
            trackStatus = "Rendering " + (i + 1) + " of " + clips.size() + " clips at " + (int) rate + " Hz";
            bridge.publish(timeline, rate, generation, false);
        }
        bridge.publish(timeline, rate, generation, true);
        lastPublished = used;
        cache.entrySet().removeIf(e -> {
            final boolean drop = !used.contains(e.getValue());
            if (drop) e.getValue().close();                    // the native side frees it after the audio thread lets go
            return drop;
        });
        if (!error) trackStatus = clips.isEmpty() ? "No clips in this track" : clips.size() + " clips ready at " + (int) rate + " Hz";
    }

    /** [any-thread] For the editor. */
    EditorState editorState() {
        final Transport t = bridge.transport();
        final List<EditorState.Row> rows = new ArrayList<>();
        final List<TrackDocument.Clip> clips = document.clips();
        final Set<Integer> ready = readyRows;
        for (int i = 0; i < clips.size(); i++) {
            final TrackDocument.Clip c = clips.get(i);
            rows.add(new EditorState.Row(c.index(), c.start(), c.length(), ToneBurst.frequency(c.index()), ready.contains(i)));
        }
        final String engine = "Java " + Runtime.version() + " engine: test tones (the voice engine plugs in here)";
        return new EditorState(engine, trackStatus, error, bridge.sampleRate(), t.positionSamples(), t.playing(), rows);
    }
}
