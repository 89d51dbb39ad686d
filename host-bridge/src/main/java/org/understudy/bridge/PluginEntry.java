package org.understudy.bridge;

/**
 * What the bridge loads (with {@link java.util.ServiceLoader}) to serve plugin instances. The
 * plugin module provides the one implementation; the bridge knows nothing of how audio is made.
 */
public interface PluginEntry {
    /** [bridge-thread] A new plugin instance; return quickly, render elsewhere. */
    InstanceListener open(InstanceBridge instance);
}
