/* One plugin instance, free of COM: timeline, parameters, state payload, transport mirror.
 * processor.c owns it (the VST3 side), Java borrows it through bridge.h, and the controller
 * and editor find it in the registry by id. */
#ifndef UNDERSTUDY_INSTANCE_H
#define UNDERSTUDY_INSTANCE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "bridge.h"
#include "timeline.h"

enum { US_PARAM_GAIN = 0, US_PARAM_BYPASS = 1, US_PARAM_COUNT = 2 };
#define US_GAIN_DEFAULT (60.0 / 72.0)            /* normalised value of 0 dB on the -60..+12 dB scale */

struct us_instance {
    atomic_int refs;
    int64_t id;                                  /* registry id, sent to the controller */
    struct us_instance *next;                    /* registry list, under the registry lock */

    _Atomic(us_snapshot *) current;              /* what process() mixes */
    _Atomic(us_snapshot *) hazard;               /* what process() is mixing right now */
    us_snapshot *retired;                        /* under lock, waiting until not hazardous */

    pthread_mutex_t lock;                        /* payload and retired list; never taken on audio */
    uint8_t *payload;
    int32_t payload_len;

    atomic_llong generation;
    atomic_llong offline_gave_up;                /* generation whose offline wait timed out */
    atomic_llong sample_rate_bits;               /* double, from setupProcessing */
    atomic_llong params[US_PARAM_COUNT];         /* normalised values as double bits */
    atomic_int announced;                        /* Java has been told about this instance */

    atomic_llong t_pos, t_tempo_milli;           /* transport mirror written by process() */
    atomic_int t_state, t_mode;
    atomic_llong editor_size_request;            /* width << 32 | height, 0 when none */

    /* [audio-thread] only */
    int64_t rt_next_pos;
    float rt_gain, rt_active;                    /* smoothed output gain and bypass fade */
};
typedef struct us_instance us_instance;

/* [host-main-thread] A new instance in the registry, one reference held by the caller. */
us_instance *us_instance_create(void);
/* [any non-audio thread] */
void us_instance_retain(us_instance *inst);
/* [host-main-thread] The VST3 side is done with it: tell Java, drop the caller's reference. */
void us_instance_close(us_instance *inst);
/* [host-main-thread] Finds a live instance by id and retains it, or NULL. */
us_instance *us_instance_find(int64_t id);

/* [host-main-thread] Starts Java if needed and tells it about this instance (once). */
void us_instance_announce(us_instance *inst);
/* [host-main-thread] setupProcessing: stores the rate, asks Java to re-render when it changed. */
void us_instance_set_sample_rate(us_instance *inst, double rate);
/* [host-main-thread] A state blob from the host was decoded: replace payload and parameters. */
void us_instance_load_state(us_instance *inst, const double params[US_PARAM_COUNT],
                            const uint8_t *payload, int32_t len);
/* [host-main-thread] Encodes the current state blob (malloc'd, caller frees). */
uint8_t *us_instance_save_state(us_instance *inst, int32_t *len);

double us_param_get(us_instance *inst, int id);          /* [any-thread] */
void us_param_set(us_instance *inst, int id, double v);  /* [any-thread] */
double us_gain_linear(double normalised);                /* [any-thread] */

/* [audio-thread] The snapshot to mix, protected from reclamation until us_instance_end_read. */
us_snapshot *us_instance_begin_read(us_instance *inst);
void us_instance_end_read(us_instance *inst);
/* [audio-thread, offline mode only] Waits (sleeping) until Java has published a complete timeline
 * for the current generation at `rate`, or until no progress was made for the timeout. */
void us_instance_wait_offline(us_instance *inst, double rate);

/* ---- the event queue Java drains (bridge.h) ------------------------------------------------ */
/* [host-main-thread] Queues an event for Java; dropped when Java is unavailable. */
void us_events_push(int32_t kind, us_instance *inst, int64_t a, int64_t b);
/* [any non-audio thread] Drops every queued event (Java could not start). */
void us_events_discard(void);

#endif
