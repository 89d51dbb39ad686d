/* Lazy start of the Java engine inside the host process.
 * Nothing here runs during scans: the first us_jvm_request() spawns a thread that finds a Java
 * runtime, creates (or reuses) the VM and calls org.understudy.bridge.Boot.run(), which then
 * serves as the bridge thread forever. The module pins itself so it is never unloaded after. */
#ifndef UNDERSTUDY_JVM_H
#define UNDERSTUDY_JVM_H

enum us_jvm_status {
    US_JVM_NOT_STARTED = 0,
    US_JVM_STARTING = 1,
    US_JVM_RUNNING = 2,     /* Java called us_bridge_ready() */
    US_JVM_NO_JAVA = 3,     /* no usable runtime found: editor shows why, audio is silent */
    US_JVM_FAILED = 4,      /* a runtime was found but the engine did not start */
};

/* [any non-audio thread] Starts Java in the background if it has not been started. With
 * UNDERSTUDY_BRIDGE_EXTERNAL set (C tests, benchmarks) no VM is started: the test drains the
 * events and publishes timelines through bridge.h itself, exactly as Java would. */
void us_jvm_request(void);
/* [any-thread] */
int us_jvm_status(void);
/* [host-main-thread] Validation aid: with UNDERSTUDY_WAIT_FOR_JAVA_MS=N set, blocks up to N ms until
 * the engine is running (or failed), so a validator exercises the plugin with Java live. */
void us_jvm_wait_if_asked(void);
/* [any non-audio thread] A one-line, user-facing description of the status. */
const char *us_jvm_message(void);

#endif
