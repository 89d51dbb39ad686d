package org.understudy.daw;

import org.understudy.bridge.InstanceBridge;
import org.understudy.bridge.InstanceListener;
import org.understudy.bridge.PluginEntry;

/** What the host bridge loads: one {@link TrackInstance} per plugin instance on a track. */
public final class UnderstudyEntry implements PluginEntry {
    @Override
    public InstanceListener open(InstanceBridge instance) {
        return new TrackInstance(instance);
    }
}
