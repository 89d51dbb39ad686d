package org.understudy.bridge;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Java entry point the shim calls (native/src/jvm.c) on the thread it created for us. That
 * thread becomes the bridge thread: it pulls events from the shim and hands them to the plugin.
 * It never returns while the host process lives.
 */
public final class Boot {
    private static final Logger LOG = Logger.getLogger("understudy.bridge");
    private static final int POLL_MS = 250;

    private final PluginEntry entry;
    private final Map<Long, Open> open = new HashMap<>();

    private record Open(InstanceBridge bridge, InstanceListener listener) {}

    /** Stands in for a plugin instance that failed to open: the host's events change nothing. */
    private static final InstanceListener IGNORE = new InstanceListener() {
        @Override public void stateLoaded() {}
        @Override public void sampleRateChanged(double sampleRate) {}
        @Override public void editorAttached(long parentWindow, int width, int height) {}
        @Override public void editorResized(int width, int height) {}
        @Override public void editorDetached() {}
        @Override public void closed() {}
    };

    private Boot(PluginEntry entry) {
        this.entry = entry;
    }

    /** [bridge-thread] Called by the shim with the absolute path of the loaded Understudy.so. */
    public static void run(String shimPath) {
        final Thread self = Thread.currentThread();
        self.setName("understudy-bridge");
        final ClassLoader loader = Boot.class.getClassLoader();
        self.setContextClassLoader(loader);
        // In a VM another plugin created, JNA has not been told where its native library is.
        System.setProperty("jna.boot.library.path",
                System.getProperty("jna.boot.library.path", Path.of(shimPath).getParent().toString()));
        System.setProperty("jna.nounpack", "true");
        Shim.bind(shimPath);
        final int version = Shim.us_bridge_api_version();
        if (version != Shim.API_VERSION) {
            throw new IllegalStateException("Understudy.so speaks bridge API " + version + " but these jars speak "
                    + Shim.API_VERSION + ": the bundle mixes two builds; reinstall it");
        }
        final PluginEntry entry = ServiceLoader.load(PluginEntry.class, loader).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PluginEntry on the class path: the bundle is incomplete"));
        new Boot(entry).serve();
    }

    private void serve() {
        Shim.us_bridge_ready();
        final long[] event = new long[4];
        while (true) {
            final int kind = Shim.us_bridge_next_event(POLL_MS, event);
            if (kind == Shim.EVENT_NONE) continue;
            try {
                dispatch(kind, event[1], event[2], event[3]);
            } catch (Throwable t) {                    // a plugin bug must not stop the bridge
                LOG.log(Level.SEVERE, "instance event " + kind + " failed", t);
            }
        }
    }

    private void dispatch(int kind, long handle, long window, long size) {
        if (kind == Shim.EVENT_OPENED) {
            final InstanceBridge bridge = new InstanceBridge(handle);
            InstanceListener listener = IGNORE;
            try {
                listener = entry.open(bridge);
            } finally {
                open.put(handle, new Open(bridge, listener));               // so CLOSED still releases it
            }
            return;
        }
        final Open o = open.get(handle);
        if (o == null) {
            LOG.warning("event " + kind + " for an unknown instance");
            return;
        }
        final int width = (int) (size >>> 32), height = (int) size;
        switch (kind) {
            case Shim.EVENT_STATE_CHANGED -> o.listener().stateLoaded();
            case Shim.EVENT_SETUP_CHANGED -> o.listener().sampleRateChanged(o.bridge().sampleRate());
            case Shim.EVENT_EDITOR_ATTACHED -> o.listener().editorAttached(window, width, height);
            case Shim.EVENT_EDITOR_RESIZED -> o.listener().editorResized(width, height);
            case Shim.EVENT_EDITOR_DETACHED -> o.listener().editorDetached();
            case Shim.EVENT_CLOSED -> {
                open.remove(handle);
                try {
                    o.listener().closed();
                } finally {
                    o.bridge().close();
                }
            }
            default -> LOG.warning("unknown event kind " + kind);
        }
    }
}
