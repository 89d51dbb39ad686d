/* Timeline snapshots and the mixer: the only code process() runs on audio. */
#include "timeline.h"
#include "bridge.h"

#include <stdlib.h>
#include <string.h>

us_clip *us_clip_create(int64_t frames, int32_t channels) {
    if (frames < 0 || frames > ((int64_t)1 << 34) || channels < 1 || channels > 2) return NULL;
    us_clip *c = calloc(1, sizeof(us_clip) + (size_t)(frames * channels) * sizeof(float));
    if (!c) return NULL;
    atomic_init(&c->refs, 1);
    c->channels = channels;
    c->frames = frames;
    c->data[0] = c->samples;
    c->data[1] = channels == 2 ? c->samples + frames : c->samples;
    return c;
}

float *us_clip_channel(us_clip *clip, int32_t ch) {
    if (!clip || ch < 0 || ch >= clip->channels) return NULL;
    return clip->data[ch];
}

static void clip_retain(us_clip *clip) { atomic_fetch_add(&clip->refs, 1); }

void us_clip_release(us_clip *clip) {
    if (clip && atomic_fetch_sub(&clip->refs, 1) == 1) free(clip);
}

static int by_start(const void *a, const void *b) {
    const us_entry *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

us_snapshot *us_snapshot_create(us_clip **clips, const int64_t *starts, const uint8_t *fresh,
                                int32_t count, double sample_rate, int64_t generation, int32_t complete) {
    if (count < 0 || (count > 0 && (!clips || !starts))) return NULL;
    us_snapshot *s = calloc(1, sizeof(us_snapshot) + (size_t)count * sizeof(us_entry));
    if (!s) return NULL;
    s->sample_rate = sample_rate;
    s->generation = generation;
    s->complete = complete;
    s->fade_frames = sample_rate > 0 ? (int32_t)(sample_rate * 0.005) + 1 : 1;
    for (int32_t i = 0; i < count; i++) {
        if (!clips[i]) continue;
        us_entry *e = &s->entries[s->count++];
        e->clip = clips[i];
        e->start = starts[i];
        e->fresh = fresh ? fresh[i] : 0;
        e->fade_from = US_NO_FADE;
        clip_retain(clips[i]);
    }
    qsort(s->entries, (size_t)s->count, sizeof(us_entry), by_start);
    return s;
}

void us_snapshot_free(us_snapshot *s) {
    if (!s) return;
    for (int32_t i = 0; i < s->count; i++) us_clip_release(s->entries[i].clip);
    free(s);
}

void us_snapshot_arrive(us_snapshot *s, int64_t pos, int jumped) {
    if (!s->seen) {
        s->seen = 1;
        for (int32_t i = 0; i < s->count; i++) {
            us_entry *e = &s->entries[i];
            if (e->fresh && e->start < pos && pos < e->start + e->clip->frames) e->fade_from = pos;
        }
    } else if (jumped) {
        for (int32_t i = 0; i < s->count; i++) s->entries[i].fade_from = US_NO_FADE;
    }
}

int32_t us_mix(us_snapshot *s, int64_t pos, int32_t n, float *left, float *right) {
    const int64_t end = pos + n;
    int32_t heard = 0;
    for (int32_t i = 0; i < s->count; i++) {
        const us_entry *e = &s->entries[i];
        if (e->start >= end) break;                      /* sorted: nothing later overlaps */
        const int64_t clip_end = e->start + e->clip->frames;
        if (clip_end <= pos) continue;
        const int64_t from = e->start > pos ? e->start : pos;
        const int64_t to = clip_end < end ? clip_end : end;
        const float *l = e->clip->data[0] + (from - e->start);
        const float *r = e->clip->data[1] + (from - e->start);
        float *ol = left + (from - pos), *or = right ? right + (from - pos) : NULL;
        const int32_t len = (int32_t)(to - from);
        heard++;
        if (e->fade_from == US_NO_FADE || from >= e->fade_from + s->fade_frames) {
            for (int32_t k = 0; k < len; k++) ol[k] += l[k];
            if (or) for (int32_t k = 0; k < len; k++) or[k] += r[k];
        } else {
            const float inv = 1.0f / (float)s->fade_frames;
            for (int32_t k = 0; k < len; k++) {
                const int64_t t = from + k - e->fade_from;
                const float g = t < 0 ? 1.0f : t >= s->fade_frames ? 1.0f : (float)t * inv;
                ol[k] += g * l[k];
                if (or) or[k] += g * r[k];
            }
        }
    }
    return heard;
}
