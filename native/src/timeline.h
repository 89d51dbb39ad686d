/* Timeline snapshots: what Java publishes and process() mixes.
 * A snapshot is immutable once published, except the per-entry fade fields that only the audio
 * thread writes. Clips are reference-counted and shared between successive snapshots. */
#ifndef UNDERSTUDY_TIMELINE_H
#define UNDERSTUDY_TIMELINE_H

#include <stdatomic.h>
#include <stdint.h>

#define US_NO_FADE INT64_MIN

struct us_clip {
    atomic_int refs;
    int32_t channels;            /* 1 (played on both outputs) or 2 */
    int64_t frames;
    float *data[2];              /* channel pointers into samples[] */
    float samples[];
};

typedef struct us_entry {
    struct us_clip *clip;
    int64_t start;               /* first sample, at the snapshot's rate; may be negative */
    uint8_t fresh;               /* new in this snapshot: fade in if it arrives while the playhead is inside */
    int64_t fade_from;           /* [audio-thread] only: first sample heard after a late arrival, or US_NO_FADE */
} us_entry;

typedef struct us_snapshot {
    double sample_rate;
    int64_t generation;
    int32_t complete;
    int32_t count;
    int32_t fade_frames;         /* length of a late-arrival fade-in, about 5 ms */
    int32_t seen;                /* [audio-thread] only: arrival handled */
    struct us_snapshot *next_retired;
    us_entry entries[];          /* sorted by start */
} us_snapshot;

/* [java-thread] Builds a snapshot (clips retained, entries sorted by start). NULL when out of memory. */
us_snapshot *us_snapshot_create(struct us_clip **clips, const int64_t *starts, const uint8_t *fresh,
                                int32_t count, double sample_rate, int64_t generation, int32_t complete);
/* [java-thread] or [host-main-thread] Releases the clips and frees the snapshot. */
void us_snapshot_free(us_snapshot *s);

/* [audio-thread] Called once per block before mixing. `jumped` says the playhead moved
 * discontinuously since the last block, which cancels pending late-arrival fades. */
void us_snapshot_arrive(us_snapshot *s, int64_t pos, int jumped);
/* [audio-thread] Adds every clip overlapping [pos, pos + n) into left and right (right may be
 * NULL). Returns how many clips overlapped the block. */
int32_t us_mix(us_snapshot *s, int64_t pos, int32_t n, float *left, float *right);

#endif
