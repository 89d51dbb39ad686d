/* The C ABI that host-bridge/ (Java, over JNA) calls. Java never gets called back: it pulls
 * events with us_bridge_next_event() on its own thread, and publishes audio as immutable
 * timeline snapshots that process() reads with one atomic load.
 * Keep in sync with host-bridge/src/main/java/org/understudy/bridge/Shim.java. */
#ifndef UNDERSTUDY_BRIDGE_H
#define UNDERSTUDY_BRIDGE_H

#include <stdint.h>
#include "threads.h"

/* Bump together with Shim.API_VERSION whenever a signature or a meaning below changes. */
#define US_BRIDGE_API_VERSION 2

typedef struct us_instance us_instance;
typedef struct us_clip us_clip;

enum us_event_kind {
    US_EVENT_NONE = 0,              /* timeout */
    US_EVENT_OPENED = 1,            /* a new instance; Java owns one reference until CLOSED */
    US_EVENT_STATE_CHANGED = 2,     /* the host loaded a state blob: read the payload */
    US_EVENT_SETUP_CHANGED = 3,     /* the processing sample rate changed: re-render */
    US_EVENT_EDITOR_ATTACHED = 4,   /* data[2] = X11 parent window, data[3] = width << 32 | height */
    US_EVENT_EDITOR_DETACHED = 5,
    US_EVENT_CLOSED = 6,            /* the host released the instance: drop it, then us_instance_release */
    US_EVENT_EDITOR_RESIZED = 7,    /* data as for EDITOR_ATTACHED */
};

/* [any-thread] */
US_EXPORT int32_t us_bridge_api_version(void);
/* [bridge-thread] Java is up and has checked the API version; records the JVM start time. */
US_EXPORT void us_bridge_ready(void);
/* [bridge-thread] Waits up to timeout_ms for the next event. out[0] = kind, out[1] = instance
 * handle, out[2..3] = event data (see us_event_kind). Returns the kind (0 on timeout). */
US_EXPORT int32_t us_bridge_next_event(int32_t timeout_ms, int64_t out[4]);
/* [any-thread] Nanoseconds from the JVM start request to us_bridge_ready(), or -1. */
US_EXPORT int64_t us_bridge_boot_nanos(void);

/* [java-thread] Drops the reference Java received with US_EVENT_OPENED. */
US_EXPORT void us_instance_release(us_instance *inst);
/* [java-thread] The processing sample rate from setupProcessing (0 before the first call). */
US_EXPORT double us_instance_sample_rate(us_instance *inst);
/* [java-thread] The document generation: bumped by every state load, rate change and payload edit. */
US_EXPORT int64_t us_instance_generation(us_instance *inst);
/* [java-thread] Copies the state payload (Java's document) into buf. Returns its full length; copies
 * only when cap is large enough. *generation receives the generation the payload belongs to. */
US_EXPORT int32_t us_instance_payload(us_instance *inst, uint8_t *buf, int32_t cap, int64_t *generation);
/* [java-thread] Replaces the payload (an edit made in Java). Returns the new generation. */
US_EXPORT int64_t us_instance_set_payload(us_instance *inst, const uint8_t *buf, int32_t len);
/* [java-thread] Transport as last seen by process(): out[0] = project time in samples,
 * out[1] = state bits (V3_CTX_*), out[2] = tempo * 1000, out[3] = process mode. */
US_EXPORT void us_instance_transport(us_instance *inst, int64_t out[4]);
/* [java-thread] The generation whose offline bounce stopped waiting (the timeout passed without
 * progress, and the bounce went on without the missing audio), or -1. */
US_EXPORT int64_t us_instance_offline_gave_up(us_instance *inst);
/* [java-thread] Asks the host (on its run loop) to resize the editor. */
US_EXPORT void us_instance_request_editor_size(us_instance *inst, int32_t width, int32_t height);

/* [java-thread] A clip buffer in native memory, `frames` samples per channel (1 or 2 channels),
 * zeroed. Returns NULL when out of memory. Reference-counted; the caller holds one reference. */
US_EXPORT us_clip *us_clip_create(int64_t frames, int32_t channels);
/* [java-thread] Pointer to channel `ch` (frames floats). */
US_EXPORT float *us_clip_channel(us_clip *clip, int32_t ch);
/* [java-thread] Drops a reference; the memory goes when no snapshot uses it any more. */
US_EXPORT void us_clip_release(us_clip *clip);

/* [java-thread] Publishes a new timeline: clip i plays from starts[i] (samples at `sample_rate`,
 * may be negative). `fresh` marks clips the audio thread has not seen before (they fade in when
 * the playhead is already inside them). `complete` says nothing is still rendering for
 * `generation`. Clips are retained; the previous snapshot is reclaimed when the audio thread no
 * longer uses it. Returns 0, or -1 when out of memory (the old timeline stays). */
US_EXPORT int32_t us_instance_publish(us_instance *inst, us_clip **clips, const int64_t *starts,
                                      const uint8_t *fresh, int32_t count, double sample_rate,
                                      int64_t generation, int32_t complete);

#endif
