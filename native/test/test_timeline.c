/* White-box tests of the mixer (timeline.c), snapshot reclamation (instance.c) and the state
 * blob (state.c), linked statically against understudy_core. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "state.h"
#include "timeline.h"

/* ---- harness ---------------------------------------------------------------------------- */

static int passed, failed;
static char reason[512];

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            snprintf(reason, sizeof reason, __VA_ARGS__);             \
            return 0;                                                 \
        }                                                             \
    } while (0)

static void run(const char *name, int (*test)(void)) {
    reason[0] = 0;
    const int ok = test();
    printf("%-44s %s%s%s\n", name, ok ? "PASS" : "FAIL", ok ? "" : ": ", ok ? "" : reason);
    if (ok) passed++; else failed++;
}

/* ---- fixtures --------------------------------------------------------------------------- */

#define RATE 48000.0
#define MAXN 4096

static float left[MAXN], right[MAXN];

/* Sample i of a test clip: left = base + i, right = -(base + i); exact in float. */
static float sample_l(int64_t i, float base) { return base + (float)i; }
static float sample_r(int64_t i, float base) { return -(base + (float)i); }

static us_clip *ramp_clip(int64_t frames, int channels, float base) {
    us_clip *c = us_clip_create(frames, channels);
    for (int64_t i = 0; i < frames; i++) {
        us_clip_channel(c, 0)[i] = sample_l(i, base);
        if (channels == 2) us_clip_channel(c, 1)[i] = sample_r(i, base);
    }
    return c;
}

static us_clip *constant_clip(int64_t frames, float value) {
    us_clip *c = us_clip_create(frames, 1);
    for (int64_t i = 0; i < frames; i++) us_clip_channel(c, 0)[i] = value;
    return c;
}

/* A snapshot of the given clips; drops the caller's clip references (the snapshot keeps its own). */
static us_snapshot *snapshot(int count, us_clip **clips, const int64_t *starts, const uint8_t *fresh) {
    us_snapshot *s = us_snapshot_create(clips, starts, fresh, count, RATE, 1, 1);
    for (int i = 0; i < count; i++) us_clip_release(clips[i]);
    return s;
}

static us_snapshot *one_clip(us_clip *clip, int64_t start, uint8_t fresh) {
    return snapshot(1, &clip, &start, &fresh);
}

static int32_t mix(us_snapshot *s, int64_t pos, int32_t n, int with_right) {
    memset(left, 0, sizeof left);
    memset(right, 0, sizeof right);
    return us_mix(s, pos, n, left, with_right ? right : NULL);
}

/* Index of the first sample in [0, n) where left/right differ from the ramp clip placed at
 * `start` (silence outside it), or -1 when all match. */
static int mismatch(int64_t pos, int32_t n, int64_t start, int64_t frames, float base, int check_right) {
    for (int32_t k = 0; k < n; k++) {
        const int64_t i = pos + k - start;
        const int inside = i >= 0 && i < frames;
        const float el = inside ? sample_l(i, base) : 0.0f, er = inside ? sample_r(i, base) : 0.0f;
        if (left[k] != el || (check_right && right[k] != er)) return k;
    }
    return -1;
}

/* ---- mixing boundaries -------------------------------------------------------------------- */

static int test_clip_inside_block(void) {
    us_snapshot *s = one_clip(ramp_clip(10, 2, 1), 100, 0);
    const int32_t heard = mix(s, 90, 32, 1);
    const int bad = mismatch(90, 32, 100, 10, 1, 1);
    us_snapshot_free(s);
    CHECK(heard == 1, "us_mix returned %d, expected 1", heard);
    CHECK(bad < 0, "sample %d wrong (clip starts at +10, ends at +20)", bad);
    return 1;
}

static int test_clip_starts_on_block_edge(void) {
    us_snapshot *s = one_clip(ramp_clip(64, 2, 1), 128, 0);
    const int32_t before = mix(s, 96, 32, 1);
    const int bad_before = mismatch(96, 32, 128, 64, 1, 1);
    const int32_t at = mix(s, 128, 32, 1);
    const int bad_at = mismatch(128, 32, 128, 64, 1, 1);
    us_snapshot_free(s);
    CHECK(before == 0 && bad_before < 0, "block ending where the clip starts: heard %d, bad sample %d", before, bad_before);
    CHECK(at == 1 && bad_at < 0, "block starting with the clip: heard %d, bad sample %d", at, bad_at);
    return 1;
}

static int test_clip_ends_on_block_edge(void) {
    us_snapshot *s = one_clip(ramp_clip(28, 2, 1), 100, 0);
    const int32_t last = mix(s, 96, 32, 1);
    const int bad_last = mismatch(96, 32, 100, 28, 1, 1);
    const int32_t after = mix(s, 128, 32, 1);
    const int bad_after = mismatch(128, 32, 100, 28, 1, 1);
    us_snapshot_free(s);
    CHECK(last == 1 && bad_last < 0, "block where the clip ends on its last sample: heard %d, bad sample %d", last, bad_last);
    CHECK(after == 0 && bad_after < 0, "block right after the clip: heard %d, bad sample %d", after, bad_after);
    return 1;
}

static int test_clip_across_split_blocks(void) {
    us_snapshot *s = one_clip(ramp_clip(300, 2, 5), 37, 0);
    static const int32_t sizes[] = {1, 17, 64, 3, 250, 29};
    int64_t pos = 0;
    for (size_t b = 0; b < sizeof sizes / sizeof *sizes; b++) {
        mix(s, pos, sizes[b], 1);
        const int bad = mismatch(pos, sizes[b], 37, 300, 5, 1);
        if (bad >= 0) { us_snapshot_free(s); CHECK(0, "block at %lld (n=%d): sample %d wrong", (long long)pos, sizes[b], bad); }
        pos += sizes[b];
    }
    us_snapshot_free(s);
    return 1;
}

static int test_overlapping_clips_sum(void) {
    us_clip *clips[2] = {ramp_clip(100, 2, 1), constant_clip(100, 0.5f)};
    const int64_t starts[2] = {0, 50};
    us_snapshot *s = snapshot(2, clips, starts, NULL);
    const int32_t heard = mix(s, 40, 32, 1);
    int bad = -1;
    for (int k = 0; k < 32 && bad < 0; k++) {
        const int64_t t = 40 + k;
        const float el = sample_l(t, 1) + (t >= 50 ? 0.5f : 0.0f), er = sample_r(t, 1) + (t >= 50 ? 0.5f : 0.0f);
        if (left[k] != el || right[k] != er) bad = k;
    }
    us_snapshot_free(s);
    CHECK(heard == 2, "us_mix returned %d, expected 2", heard);
    CHECK(bad < 0, "sample %d is not the sum of both clips", bad);
    return 1;
}

static int test_negative_positions(void) {
    us_snapshot *s = one_clip(ramp_clip(20, 2, 1), -40, 0);
    const int32_t heard = mix(s, -64, 64, 1);
    const int bad = mismatch(-64, 64, -40, 20, 1, 1);
    us_snapshot_free(s);
    CHECK(heard == 1 && bad < 0, "pre-roll block [-64, 0): heard %d, bad sample %d", heard, bad);
    return 1;
}

static int test_negative_clip_start(void) {
    us_snapshot *s = one_clip(ramp_clip(30, 2, 1), -10, 0);
    const int32_t heard = mix(s, 0, 32, 1);
    const int bad = mismatch(0, 32, -10, 30, 1, 1);
    us_snapshot_free(s);
    CHECK(heard == 1 && bad < 0, "clip from -10 heard from 0: heard %d, bad sample %d", heard, bad);
    return 1;
}

static int test_mono_clip_both_channels(void) {
    us_snapshot *s = one_clip(ramp_clip(16, 1, 3), 0, 0);
    mix(s, 0, 16, 1);
    us_snapshot_free(s);
    for (int k = 0; k < 16; k++) CHECK(left[k] == sample_l(k, 3) && right[k] == sample_l(k, 3), "sample %d: %g / %g", k, left[k], right[k]);
    return 1;
}

static int test_right_null(void) {
    us_snapshot *s = one_clip(ramp_clip(16, 2, 3), 4, 0);
    const int32_t heard = mix(s, 0, 32, 0);
    const int bad = mismatch(0, 32, 4, 16, 3, 0);
    us_snapshot_free(s);
    CHECK(heard == 1 && bad < 0, "left only: heard %d, bad sample %d", heard, bad);
    return 1;
}

static int test_mix_counts_overlapping_clips(void) {
    us_clip *clips[3] = {ramp_clip(10, 2, 1), ramp_clip(10, 2, 1), ramp_clip(10, 2, 1)};
    const int64_t starts[3] = {0, 25, 1000};
    us_snapshot *s = snapshot(3, clips, starts, NULL);
    const int32_t heard = mix(s, 5, 30, 1), none = mix(s, 40, 100, 1);
    us_snapshot_free(s);
    CHECK(heard == 2, "block [5, 35) overlaps 2 clips, us_mix said %d", heard);
    CHECK(none == 0, "block [40, 140) overlaps none, us_mix said %d", none);
    return 1;
}

static int test_entries_sorted_by_start(void) {
    us_clip *clips[5] = {ramp_clip(1, 1, 0), ramp_clip(1, 1, 0), NULL, ramp_clip(1, 1, 0), ramp_clip(1, 1, 0)};
    const int64_t starts[5] = {300, -5, 42, 100, 7};
    us_snapshot *s = us_snapshot_create(clips, starts, NULL, 5, RATE, 1, 1);
    for (int i = 0; i < 5; i++) us_clip_release(clips[i]);
    CHECK(s, "us_snapshot_create failed");
    const int32_t count = s->count;
    int sorted = 1;
    for (int32_t i = 1; i < count; i++) sorted &= s->entries[i - 1].start <= s->entries[i].start;
    const int64_t first = s->entries[0].start;
    us_snapshot_free(s);
    CHECK(count == 4, "NULL clip should be skipped: count %d", count);
    CHECK(sorted && first == -5, "entries not sorted by start (first %lld)", (long long)first);
    return 1;
}

/* ---- late-arrival fades -------------------------------------------------------------------- */

/* A one-second clip of 1.0 at 0, `fresh` as given. */
static us_snapshot *long_clip(uint8_t fresh) { return one_clip(constant_clip(48000, 1.0f), 0, fresh); }

static int test_fresh_clip_fades_in_when_playhead_inside(void) {
    us_snapshot *s = long_clip(1);
    const int32_t fade = s->fade_frames;
    us_snapshot_arrive(s, 1000, 0);
    mix(s, 1000, 512, 1);
    us_snapshot_free(s);
    CHECK(fade > 200 && fade < 300, "fade should be about 5 ms at 48 kHz, is %d frames", fade);
    CHECK(left[0] == 0.0f, "first sample after a late arrival should be silent, is %g", left[0]);
    CHECK(fabsf(left[fade / 2] - (float)(fade / 2) / (float)fade) < 1e-5f, "mid-fade sample is %g", left[fade / 2]);
    CHECK(left[fade - 1] < 1.0f && left[fade] == 1.0f && right[fade] == 1.0f, "fade should end after %d frames", fade);
    return 1;
}

static int test_fade_continues_into_next_block(void) {
    us_snapshot *s = long_clip(1);
    const int32_t fade = s->fade_frames;
    us_snapshot_arrive(s, 1000, 0);
    mix(s, 1000, 100, 1);
    us_snapshot_arrive(s, 1100, 0);
    mix(s, 1100, 300, 1);
    us_snapshot_free(s);
    CHECK(fabsf(left[0] - 100.0f / (float)fade) < 1e-5f, "second block starts at %g, expected %g", left[0], 100.0 / fade);
    return 1;
}

static int test_not_fresh_clip_does_not_fade(void) {
    us_snapshot *s = long_clip(0);
    us_snapshot_arrive(s, 1000, 0);
    mix(s, 1000, 64, 1);
    us_snapshot_free(s);
    CHECK(left[0] == 1.0f, "a clip already heard before must not fade: first sample %g", left[0]);
    return 1;
}

static int test_fresh_clip_ahead_of_playhead_does_not_fade(void) {
    us_snapshot *s = one_clip(constant_clip(4800, 1.0f), 2000, 1);
    us_snapshot_arrive(s, 1000, 0);
    mix(s, 1984, 64, 1);
    const float first = left[16];
    us_snapshot_free(s);
    s = one_clip(constant_clip(4800, 1.0f), 2000, 1);
    us_snapshot_arrive(s, 2000, 0);               /* playhead exactly on the clip start */
    mix(s, 2000, 64, 1);
    const float on_start = left[0];
    us_snapshot_free(s);
    CHECK(first == 1.0f, "clip reached by the playhead faded: first sample %g", first);
    CHECK(on_start == 1.0f, "clip starting at the playhead faded: first sample %g", on_start);
    return 1;
}

static int test_jump_cancels_fade(void) {
    us_snapshot *s = long_clip(1);
    us_snapshot_arrive(s, 1000, 0);
    mix(s, 1000, 64, 1);
    us_snapshot_arrive(s, 1010, 1);               /* the host relocated into the fade window */
    mix(s, 1010, 64, 1);
    us_snapshot_free(s);
    CHECK(left[0] == 1.0f && left[63] == 1.0f, "after a jump the clip should play at full level, got %g", left[0]);
    return 1;
}

/* ---- clip and snapshot lifetime ------------------------------------------------------------ */

static int refs(us_clip *c) { return atomic_load(&c->refs); }

static int test_clip_shared_by_two_snapshots(void) {
    us_clip *c = ramp_clip(64, 2, 1);
    const int64_t start = 0;
    us_snapshot *a = us_snapshot_create(&c, &start, NULL, 1, RATE, 1, 1);
    us_snapshot *b = us_snapshot_create(&c, &start, NULL, 1, RATE, 2, 1);
    const int with_both = refs(c);
    us_clip_release(c);                           /* Java's reference */
    us_snapshot_free(a);
    const int with_b = refs(c);
    mix(b, 0, 64, 1);
    const int bad = mismatch(0, 64, 0, 64, 1, 1);
    us_snapshot_free(b);
    CHECK(with_both == 3, "clip refs with two snapshots + caller: %d, expected 3", with_both);
    CHECK(with_b == 1, "clip refs after freeing one snapshot: %d, expected 1", with_b);
    CHECK(bad < 0, "surviving snapshot plays wrong sample %d", bad);
    return 1;
}

/* Snapshot i holds clip i only, so clip refs tell which snapshots are alive. */
static int publish_one(us_instance *inst, us_clip *clip) {
    const int64_t start = 0;
    return us_instance_publish(inst, &clip, &start, NULL, 1, RATE, 1, 1);
}

static int test_snapshot_in_use_by_audio_is_not_reclaimed(void) {
    us_instance *inst = us_instance_create();
    us_clip *c[4];
    for (int i = 0; i < 4; i++) c[i] = ramp_clip(8, 1, 0);
    publish_one(inst, c[0]);
    us_snapshot *reading = us_instance_begin_read(inst);    /* the audio thread holds snapshot 0 */
    const int got_first = reading && reading->entries[0].clip == c[0];
    publish_one(inst, c[1]);
    publish_one(inst, c[2]);
    const int held = refs(c[0]), dropped = refs(c[1]);
    us_instance_end_read(inst);
    publish_one(inst, c[3]);
    const int released = refs(c[0]);
    us_instance_close(inst);
    const int after_close = refs(c[3]);
    for (int i = 0; i < 4; i++) us_clip_release(c[i]);
    CHECK(got_first, "begin_read did not return the published snapshot");
    CHECK(held == 2, "snapshot being read was reclaimed (clip refs %d, expected 2)", held);
    CHECK(dropped == 1, "an unread retired snapshot was not reclaimed (clip refs %d)", dropped);
    CHECK(released == 1, "snapshot not reclaimed after end_read (clip refs %d)", released);
    CHECK(after_close == 1, "closing the instance did not free its current snapshot (clip refs %d)", after_close);
    return 1;
}

/* ---- state blob ----------------------------------------------------------------------------- */

static const char doc[] = "{\"tracks\":[1,2,3],\"name\":\"verse\"}";
static const double params[US_PARAM_COUNT] = {0.25, 1.0};

static uint8_t *encode_doc(int32_t *len) { return us_state_encode(params, (const uint8_t *)doc, (int32_t)strlen(doc), len); }

static int test_crc32_check_value(void) {
    const uint32_t crc = us_crc32((const uint8_t *)"123456789", 9);
    CHECK(crc == 0xCBF43926u, "CRC-32 of \"123456789\" is %08X, expected CBF43926", crc);
    return 1;
}

static int test_state_roundtrip(void) {
    int32_t len = 0;
    uint8_t *blob = encode_doc(&len);
    us_state st = {{0}, NULL, 0};
    const v3_result r = us_state_decode(blob, len, &st);
    const int same = st.len == (int32_t)strlen(doc) && st.payload && memcmp(st.payload, doc, strlen(doc)) == 0;
    const double gain = st.params[US_PARAM_GAIN], bypass = st.params[US_PARAM_BYPASS];
    free(st.payload);
    free(blob);
    CHECK(len == US_STATE_HEADER + (int32_t)strlen(doc), "blob length %d", len);
    CHECK(r == V3_OK, "decode refused a fresh blob (%d)", r);
    CHECK(gain == 0.25 && bypass == 1.0, "params came back as %g / %g", gain, bypass);
    CHECK(same, "payload did not round-trip");
    return 1;
}

static int test_state_roundtrip_empty_payload(void) {
    const double p[US_PARAM_COUNT] = {US_GAIN_DEFAULT, 0.0};
    int32_t len = 0;
    uint8_t *blob = us_state_encode(p, NULL, 0, &len);
    us_state st = {{0}, NULL, -1};
    const v3_result r = us_state_decode(blob, len, &st);
    free(blob);
    CHECK(r == V3_OK && len == US_STATE_HEADER, "empty payload: result %d, length %d", r, len);
    CHECK(st.len == 0 && !st.payload && st.params[US_PARAM_GAIN] == US_GAIN_DEFAULT && st.params[US_PARAM_BYPASS] == 0.0,
          "decoded len %d, gain %g, bypass %g", st.len, st.params[US_PARAM_GAIN], st.params[US_PARAM_BYPASS]);
    return 1;
}

/* Decodes `blob` after `corrupt` changed it; 1 when refused. */
static int refused(uint8_t *blob, int64_t len) {
    us_state st = {{0}, NULL, 0};
    const v3_result r = us_state_decode(blob, len, &st);
    free(st.payload);
    return r != V3_OK;
}

static int test_state_refuses_bad_magic(void) {
    int32_t len;
    uint8_t *blob = encode_doc(&len);
    blob[0] = 'X';
    const int ok = refused(blob, len);
    free(blob);
    CHECK(ok, "blob with magic XSTD accepted");
    return 1;
}

static int test_state_refuses_newer_version(void) {
    int32_t len;
    uint8_t *blob = encode_doc(&len);
    blob[4] = US_STATE_VERSION + 1;
    const int ok = refused(blob, len);
    free(blob);
    CHECK(ok, "blob of version %d accepted", US_STATE_VERSION + 1);
    return 1;
}

static int test_state_refuses_bad_checksum(void) {
    int32_t len;
    uint8_t *blob = encode_doc(&len);
    blob[US_STATE_HEADER + 3] ^= 0x01;           /* one payload bit */
    const int ok = refused(blob, len);
    free(blob);
    CHECK(ok, "blob with a flipped payload byte accepted");
    return 1;
}

static int test_state_refuses_truncated_header(void) {
    int32_t len;
    uint8_t *blob = encode_doc(&len);
    const int ok = refused(blob, US_STATE_HEADER - 1) && refused(blob, 0);
    free(blob);
    CHECK(ok, "blob shorter than the header accepted");
    return 1;
}

static int test_state_refuses_truncated_payload(void) {
    int32_t len;
    uint8_t *blob = encode_doc(&len);
    const int ok = refused(blob, len - 1) && refused(blob, US_STATE_HEADER);
    free(blob);
    CHECK(ok, "blob with a truncated payload accepted");
    return 1;
}

static int test_state_refuses_gain_out_of_range(void) {
    const double bad[3] = {1.5, -0.25, NAN};
    for (int i = 0; i < 3; i++) {
        const double p[US_PARAM_COUNT] = {bad[i], 0.0};
        int32_t len;
        uint8_t *blob = us_state_encode(p, NULL, 0, &len);    /* valid checksum, bad value */
        const int ok = refused(blob, len);
        free(blob);
        CHECK(ok, "blob with gain %g accepted", bad[i]);
    }
    return 1;
}

int main(void) {
    run("mix: clip starts and ends inside a block", test_clip_inside_block);
    run("mix: clip starts on a block edge", test_clip_starts_on_block_edge);
    run("mix: clip ends on a block edge", test_clip_ends_on_block_edge);
    run("mix: clip across split blocks", test_clip_across_split_blocks);
    run("mix: overlapping clips sum", test_overlapping_clips_sum);
    run("mix: negative positions (pre-roll)", test_negative_positions);
    run("mix: negative clip start", test_negative_clip_start);
    run("mix: mono clip on both channels", test_mono_clip_both_channels);
    run("mix: right == NULL", test_right_null);
    run("mix: returns the overlapping clip count", test_mix_counts_overlapping_clips);
    run("snapshot: entries sorted by start", test_entries_sorted_by_start);
    run("fade: fresh clip, playhead inside", test_fresh_clip_fades_in_when_playhead_inside);
    run("fade: continues into the next block", test_fade_continues_into_next_block);
    run("fade: not for clips that are not fresh", test_not_fresh_clip_does_not_fade);
    run("fade: not when the playhead is before", test_fresh_clip_ahead_of_playhead_does_not_fade);
    run("fade: a jump cancels it", test_jump_cancels_fade);
    run("lifetime: clip shared by two snapshots", test_clip_shared_by_two_snapshots);
    run("lifetime: snapshot read by audio kept", test_snapshot_in_use_by_audio_is_not_reclaimed);
    run("state: CRC-32 check value", test_crc32_check_value);
    run("state: roundtrip", test_state_roundtrip);
    run("state: roundtrip, empty payload", test_state_roundtrip_empty_payload);
    run("state: refuses bad magic", test_state_refuses_bad_magic);
    run("state: refuses a newer version", test_state_refuses_newer_version);
    run("state: refuses a bad checksum", test_state_refuses_bad_checksum);
    run("state: refuses a truncated header", test_state_refuses_truncated_header);
    run("state: refuses a truncated payload", test_state_refuses_truncated_payload);
    run("state: refuses gain out of range", test_state_refuses_gain_out_of_range);
    printf("%d passed, %d failed\n", passed, failed);
    return failed > 0;
}
