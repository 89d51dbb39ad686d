package org.understudy.engine.onnx;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C environment of this process, through libc. {@code System.getenv} is a copy taken at JVM start
 * and cannot be changed, but ONNX Runtime's native code reads the C environment, so this is the only
 * way an in-process engine (a DAW plugin cannot set its host's environment) can set a variable for it.
 * Linux and macOS; the engine's one use of JNA.
 */
final class ProcessEnv {
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static final LibC C = Native.load("c", LibC.class);

    private ProcessEnv() {}

    /** [any-thread] setenv(name, value, 1). */
    static void set(String name, String value) {
        if (C.setenv(name, value, 1) != 0) throw new IllegalStateException("setenv(" + name + ") failed: errno " + Native.getLastError());
    }

    /** [any-thread] getenv(name), or null. */
    static String get(String name) {
        return C.getenv(name);
    }
}
