/* Thread tags used on every boundary function of the shim (after CLAP's thread-check.h).
 *   [audio-thread]      the host's process() thread: no allocation, no locks, no JNI, bounded time
 *   [host-main-thread]  the host's UI/main thread (VST3 "UI thread"): may allocate and lock, never blocks long
 *   [bridge-thread]     the Java event-loop thread that jvm.c creates (it is the JVM's main thread)
 *   [java-thread]       any Java thread (engine workers, the EDT) calling in through JNA
 *   [any-thread]        safe from all of the above, the audio thread included */
#ifndef UNDERSTUDY_THREADS_H
#define UNDERSTUDY_THREADS_H
#define US_EXPORT __attribute__((visibility("default")))
#endif
