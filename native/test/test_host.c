/* Black-box tests of Understudy.so through the VST3 ABI, in external-bridge mode: this program
 * plays Java's role (drains events, publishes timelines through bridge.h).
 * Usage: test_host path/to/Understudy.so */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mini_host.h"

/* ---- harness: a test returns 1 (pass) or 0 with `reason`; deferred cleanups run after it ---- */

static int passed, failed;
static char reason[512];

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            snprintf(reason, sizeof reason, __VA_ARGS__);             \
            return 0;                                                 \
        }                                                             \
    } while (0)

#define MAX_DEFERRED 32
static struct { void (*fn)(void *); void *arg; } deferred[MAX_DEFERRED];
static int deferred_count;

static void defer(void (*fn)(void *), void *arg) {
    if (deferred_count < MAX_DEFERRED) { deferred[deferred_count].fn = fn; deferred[deferred_count++].arg = arg; }
}

static void run(const char *name, int (*test)(void)) {
    reason[0] = 0;
    const int ok = test();
    while (deferred_count > 0) { deferred_count--; deferred[deferred_count].fn(deferred[deferred_count].arg); }
    printf("%-52s %s%s%s\n", name, ok ? "PASS" : "FAIL", ok ? "" : ": ", ok ? "" : reason);
    if (ok) passed++; else failed++;
}

/* ---- fixtures ------------------------------------------------------------------------------ */

#define MAXN 4096

/* The plugin's published parameters (ids are part of saved automation: they must never change). */
enum { PARAM_GAIN = 0, PARAM_BYPASS = 1 };
#define GAIN_DEFAULT (60.0 / 72.0)                        /* 0 dB on the -60..+12 dB scale */

static mh_module mod;
static mh_bridge *B;

static const uint8_t iid_funknown[16] = V3_IID_FUNKNOWN, iid_plugin_base[16] = V3_IID_PLUGIN_BASE,
                     iid_component[16] = V3_IID_COMPONENT, iid_audio[16] = V3_IID_AUDIO_PROCESSOR,
                     iid_context_req[16] = V3_IID_PROCESS_CONTEXT_REQUIREMENTS,
                     iid_connection[16] = V3_IID_CONNECTION_POINT, iid_edit[16] = V3_IID_EDIT_CONTROLLER,
                     iid_view[16] = V3_IID_PLUGIN_VIEW, iid_factory3[16] = V3_IID_PLUGIN_FACTORY3;

/* One plugin instance, opened (setupProcessing + setActive + OPENED), closed after the test. */
typedef struct fixture {
    mh_plugin p;
    us_instance *inst;
    mh_process proc;
} fixture;

static void fixture_close(void *arg) {
    fixture *f = arg;
    us_instance *inst = f->inst;
    mh_plugin_destroy(&f->p);
    if (inst) mh_wait_event(&mod, US_EVENT_CLOSED, inst, 1000, NULL);   /* releases Java's reference */
    mh_process_free(&f->proc);
    free(f);
}

static fixture *fixture_open(double rate, int with_controller) {
    fixture *f = calloc(1, sizeof *f);
    char err[256];
    if (!f || mh_plugin_create(&mod, &f->p, with_controller, err, sizeof err) != 0) {
        snprintf(reason, sizeof reason, "plugin: %s", f ? err : "out of memory");
        free(f);
        return NULL;
    }
    defer(fixture_close, f);
    int64_t ev[4];
    if (mh_process_init(&f->proc, MAXN, rate) != 0 || mh_plugin_setup(&f->p, rate, MAXN) != V3_OK ||
        V3_CALL(f->p.component, set_active, 1) != V3_OK || !mh_wait_event(&mod, US_EVENT_OPENED, NULL, 1000, ev)) {
        snprintf(reason, sizeof reason, "setupProcessing/setActive gave no OPENED event");
        return NULL;
    }
    f->inst = (us_instance *)(intptr_t)ev[1];
    return f;
}

static void free_stream(void *s) { mh_stream_free(s); }

static void release_unknown(void *obj) { if (obj) V3_CALL0((v3_funknown *)obj, release); }

static void *query(void *obj, const uint8_t iid[16]) {
    void *out = NULL;
    if (((v3_funknown *)obj)->vtbl->query_interface(obj, iid, &out) != V3_OK) return NULL;
    defer(release_unknown, out);
    return out;
}

/* ---- clips: exact dyadic sample values, so sums and comparisons are exact ------------------- */

typedef struct clip_spec {
    int64_t start, frames;
    int channels;
} clip_spec;

static float clip_l(int k, int64_t i) { return (float)(((i + 37 * k) % 509) + 1) / 1024.0f; }
static float clip_r(int k, int64_t i, int channels) { return channels == 2 ? -0.5f * clip_l(k, i) : clip_l(k, i); }

/* Publishes the clips as Java would (generation current), dropping its references. */
static int publish_as(fixture *f, const clip_spec *spec, int n, double rate, int complete) {
    us_clip *clips[8];
    int64_t starts[8];
    for (int k = 0; k < n; k++) {
        clips[k] = B->clip_create(spec[k].frames, spec[k].channels);
        if (!clips[k]) return -1;
        for (int64_t i = 0; i < spec[k].frames; i++) {
            B->clip_channel(clips[k], 0)[i] = clip_l(k, i);
            if (spec[k].channels == 2) B->clip_channel(clips[k], 1)[i] = clip_r(k, i, 2);
        }
        starts[k] = spec[k].start;
    }
    const int32_t r = B->publish(f->inst, clips, starts, NULL, n, rate, B->generation(f->inst), complete);
    for (int k = 0; k < n; k++) B->clip_release(clips[k]);
    return r;
}

static int publish(fixture *f, const clip_spec *spec, int n, double rate) { return publish_as(f, spec, n, rate, 1); }

/* The expected output at time t; clips are added in start order, as the mixer does. */
static void expected(const clip_spec *spec, int n, int64_t t, float *l, float *r) {
    int order[8];
    for (int k = 0; k < n; k++) order[k] = k;
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0 && spec[order[b]].start < spec[order[b - 1]].start; b--) {
            int tmp = order[b]; order[b] = order[b - 1]; order[b - 1] = tmp;
        }
    *l = *r = 0.0f;
    for (int j = 0; j < n; j++) {
        const int k = order[j];
        const int64_t i = t - spec[k].start;
        if (i < 0 || i >= spec[k].frames) continue;
        *l += clip_l(k, i);
        *r += clip_r(k, i, spec[k].channels);
    }
}

/* Plays consecutive blocks of the given sizes from `pos`; 1 when every sample matches. */
static int play_and_compare(fixture *f, const clip_spec *spec, int n, int64_t pos, const int32_t *sizes, int blocks) {
    for (int b = 0; b < blocks; pos += sizes[b], b++) {
        mh_process_block(&f->proc, pos, sizes[b], 1);
        mh_process_fill(&f->proc, 9.0f);
        CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "process failed at %lld", (long long)pos);
        for (int32_t k = 0; k < sizes[b]; k++) {
            float l, r;
            expected(spec, n, pos + k, &l, &r);
            CHECK(f->proc.left[k] == l && f->proc.right[k] == r, "block at %lld (n=%d), sample %d: got %g/%g, expected %g/%g",
                  (long long)pos, sizes[b], k, f->proc.left[k], f->proc.right[k], l, r);
        }
    }
    return 1;
}

static int all_zero(const float *x, int32_t n) {
    for (int32_t k = 0; k < n; k++) if (x[k] != 0.0f) return 0;
    return 1;
}

/* One block with parameter changes. */
static v3_result process_with_params(fixture *f, int64_t pos, int32_t n, v3_param_id id, double value) {
    mh_param_changes changes;
    mh_params_init(&changes);
    mh_params_add(&changes, id, 0, value);
    mh_process_block(&f->proc, pos, n, 1);
    f->proc.data.input_params = mh_params_api(&changes);
    const v3_result r = mh_process_run(&f->proc, &f->p);
    f->proc.data.input_params = NULL;
    return r;
}

/* ---- factory and classes ----------------------------------------------------------------------- */

static int test_factory_info(void) {
    v3_factory_info info;
    CHECK(V3_CALL(mod.factory, get_factory_info, &info) == V3_OK, "getFactoryInfo failed");
    CHECK(strcmp(info.vendor, "Understudy") == 0, "vendor is \"%s\"", info.vendor);
    CHECK(info.flags & V3_FACTORY_UNICODE, "factory flags 0x%x lack kUnicode", info.flags);
    CHECK(V3_CALL0(mod.factory, num_classes) == 2, "countClasses = %d", V3_CALL0(mod.factory, num_classes));
    CHECK(query(mod.factory, iid_factory3), "no IPluginFactory3");
    return 1;
}

static int test_class_infos(void) {
    v3_class_info c0, c1;
    v3_class_info2 i2;
    v3_class_info_w w;
    CHECK(V3_CALL(mod.factory, get_class_info, 0, &c0) == V3_OK && V3_CALL(mod.factory, get_class_info, 1, &c1) == V3_OK, "getClassInfo failed");
    CHECK(strcmp(c0.category, "Audio Module Class") == 0, "class 0 category \"%s\"", c0.category);
    CHECK(strcmp(c1.category, "Component Controller Class") == 0, "class 1 category \"%s\"", c1.category);
    CHECK(c0.cardinality == V3_MANY_INSTANCES && c1.cardinality == V3_MANY_INSTANCES, "cardinality %d/%d", c0.cardinality, c1.cardinality);
    CHECK(V3_CALL(mod.factory, get_class_info2, 0, &i2) == V3_OK, "getClassInfo2 failed");
    CHECK(strcmp(i2.sub_categories, "Instrument|Synth") == 0, "subcategories \"%s\"", i2.sub_categories);
    CHECK(memcmp(i2.cid, c0.cid, 16) == 0 && strcmp(i2.name, "Understudy") == 0, "class info 2 disagrees with class info");
    CHECK(V3_CALL(mod.factory, get_class_info_unicode, 0, &w) == V3_OK, "getClassInfoUnicode failed");
    char name[64];
    mh_from_utf16(name, w.name, 64);
    CHECK(strcmp(name, "Understudy") == 0 && strcmp(w.sub_categories, "Instrument|Synth") == 0, "unicode info: name \"%s\"", name);
    CHECK(V3_CALL(mod.factory, get_class_info, 2, &c0) != V3_OK, "getClassInfo(2) succeeded");
    void *obj = (void *)1;
    const uint8_t unknown[16] = {1, 2, 3};
    CHECK(V3_CALL(mod.factory, create_instance, (const char *)unknown, (const char *)iid_funknown, &obj) != V3_OK && !obj,
          "createInstance of an unknown class succeeded");
    return 1;
}

static int test_controller_class_id(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    v3_tuid cid;
    v3_class_info c1;
    V3_CALL(mod.factory, get_class_info, 1, &c1);
    CHECK(V3_CALL(f->p.component, get_controller_class_id, cid) == V3_OK && memcmp(cid, c1.cid, 16) == 0,
          "getControllerClassId is not the factory's controller class");
    return 1;
}

/* ---- interfaces ---------------------------------------------------------------------------------- */

static int test_processor_interfaces(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    static const struct { const uint8_t *iid; const char *name; } want[] = {
        {iid_funknown, "FUnknown"}, {iid_plugin_base, "IPluginBase"}, {iid_component, "IComponent"},
        {iid_audio, "IAudioProcessor"}, {iid_context_req, "IProcessContextRequirements"}, {iid_connection, "IConnectionPoint"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) CHECK(query(f->p.component, want[i].iid), "no %s", want[i].name);
    mh_audio *audio = query(f->p.component, iid_audio);
    CHECK(query(audio, iid_component) == (void *)f->p.component, "IComponent from IAudioProcessor is another object");
    void *none = (void *)1;
    CHECK(V3_CALL(f->p.component, query_interface, iid_edit, &none) == V3_NO_INTERFACE && !none, "processor claims IEditController");
    mh_context_req *req = query(f->p.component, iid_context_req);
    const uint32_t flags = V3_CALL0(req, get_process_context_requirements);
    CHECK(flags & V3_NEED_TRANSPORT_STATE, "context requirements 0x%x lack kNeedTransportState", flags);
    return 1;
}

static int test_controller_interfaces(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    CHECK(query(f->p.controller, iid_funknown) && query(f->p.controller, iid_plugin_base), "no FUnknown/IPluginBase");
    CHECK(query(f->p.controller, iid_edit), "no IEditController");
    CHECK(query(f->p.controller, iid_connection), "no IConnectionPoint");
    void *none = (void *)1;
    CHECK(V3_CALL(f->p.controller, query_interface, iid_audio, &none) == V3_NO_INTERFACE && !none, "controller claims IAudioProcessor");
    return 1;
}

/* ---- buses and formats ------------------------------------------------------------------------- */

static int test_bus_counts_and_info(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    mh_component *c = f->p.component;
    CHECK(V3_CALL(c, get_bus_count, V3_AUDIO, V3_INPUT) == 0, "audio inputs: %d", V3_CALL(c, get_bus_count, V3_AUDIO, V3_INPUT));
    CHECK(V3_CALL(c, get_bus_count, V3_AUDIO, V3_OUTPUT) == 1, "audio outputs: %d", V3_CALL(c, get_bus_count, V3_AUDIO, V3_OUTPUT));
    CHECK(V3_CALL(c, get_bus_count, V3_EVENT, V3_INPUT) == 1, "event inputs: %d", V3_CALL(c, get_bus_count, V3_EVENT, V3_INPUT));
    CHECK(V3_CALL(c, get_bus_count, V3_EVENT, V3_OUTPUT) == 0, "event outputs: %d", V3_CALL(c, get_bus_count, V3_EVENT, V3_OUTPUT));
    v3_bus_info info;
    CHECK(V3_CALL(c, get_bus_info, V3_AUDIO, V3_OUTPUT, 0, &info) == V3_OK, "getBusInfo(audio out 0) failed");
    CHECK(info.channel_count == 2 && info.bus_type == V3_MAIN_BUS && (info.flags & V3_BUS_DEFAULT_ACTIVE) &&
          info.media_type == V3_AUDIO && info.direction == V3_OUTPUT, "audio out: %d channels, type %d, flags %u",
          info.channel_count, info.bus_type, info.flags);
    CHECK(V3_CALL(c, get_bus_info, V3_EVENT, V3_INPUT, 0, &info) == V3_OK && info.media_type == V3_EVENT, "event in info");
    CHECK(V3_CALL(c, get_bus_info, V3_AUDIO, V3_OUTPUT, 1, &info) != V3_OK, "getBusInfo(audio out 1) succeeded");
    CHECK(V3_CALL(c, get_bus_info, V3_AUDIO, V3_INPUT, 0, &info) != V3_OK, "getBusInfo(audio in 0) succeeded");
    v3_speaker_arrangement arr = 0;
    CHECK(V3_CALL(f->p.audio, get_bus_arrangement, V3_OUTPUT, 0, &arr) == V3_OK && arr == V3_SPEAKER_STEREO, "output arrangement 0x%llx", (unsigned long long)arr);
    return 1;
}

static int test_bus_arrangements(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    v3_speaker_arrangement stereo[2] = {V3_SPEAKER_STEREO, V3_SPEAKER_STEREO}, mono = (uint64_t)1 << 19;
    mh_audio *a = f->p.audio;
    CHECK(V3_CALL(a, set_bus_arrangements, NULL, 0, stereo, 1) == V3_TRUE, "0 in / 1 stereo out refused");
    CHECK(V3_CALL(a, set_bus_arrangements, NULL, 0, &mono, 1) == V3_FALSE, "mono out accepted");
    CHECK(V3_CALL(a, set_bus_arrangements, stereo, 1, stereo, 1) == V3_FALSE, "a stereo input accepted");
    CHECK(V3_CALL(a, set_bus_arrangements, NULL, 0, stereo, 2) == V3_FALSE, "two outputs accepted");
    CHECK(V3_CALL(a, set_bus_arrangements, NULL, 0, NULL, 0) == V3_FALSE, "no output accepted");
    return 1;
}

static int test_sample_sizes(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    CHECK(V3_CALL(f->p.audio, can_process_sample_size, V3_SAMPLE32) == V3_TRUE, "32-bit refused");
    CHECK(V3_CALL(f->p.audio, can_process_sample_size, V3_SAMPLE64) == V3_FALSE, "64-bit accepted");
    v3_process_setup setup = {V3_REALTIME, V3_SAMPLE64, 512, 48000};
    CHECK(V3_CALL(f->p.audio, setup_processing, &setup) != V3_OK, "setupProcessing accepted 64-bit");
    return 1;
}

/* ---- activation and the bridge --------------------------------------------------------------- */

static int test_set_active_opens_instance(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    CHECK(f->inst, "OPENED carried no instance handle");
    CHECK(B->sample_rate(f->inst) == 48000.0, "instance sample rate %g", B->sample_rate(f->inst));
    CHECK(B->generation(f->inst) >= 1, "generation %lld after the first setupProcessing", (long long)B->generation(f->inst));
    V3_CALL(f->p.component, set_active, 0);
    V3_CALL(f->p.component, set_active, 1);
    CHECK(!mh_wait_event(&mod, US_EVENT_OPENED, f->inst, 50, NULL), "a second setActive(1) announced the instance again");
    return 1;
}

static int test_bridge_api_version(void) {
    CHECK(B->api_version() == US_BRIDGE_API_VERSION, "api version %d, header says %d", B->api_version(), US_BRIDGE_API_VERSION);
    return 1;
}

static int test_payload_and_generation(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const int64_t before = B->generation(f->inst);
    const char doc[] = "{\"a\":1}";
    const int64_t gen = B->set_payload(f->inst, (const uint8_t *)doc, (int32_t)strlen(doc));
    CHECK(gen == before + 1 && B->generation(f->inst) == gen, "set_payload returned %lld, generation was %lld", (long long)gen, (long long)before);
    uint8_t small[2] = {0, 0}, buf[64];
    int64_t g = 0;
    CHECK(B->payload(f->inst, small, 2, &g) == (int32_t)strlen(doc) && small[0] == 0, "a short buffer was written or length wrong");
    CHECK(B->payload(f->inst, buf, sizeof buf, &g) == (int32_t)strlen(doc) && memcmp(buf, doc, strlen(doc)) == 0 && g == gen,
          "payload did not come back (generation %lld)", (long long)g);
    return 1;
}

static int test_transport_mirror(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    mh_process_block(&f->proc, 12345, 64, 1);
    f->proc.ctx.tempo = 97.5;
    mh_process_run(&f->proc, &f->p);
    int64_t t[4];
    B->transport(f->inst, t);
    CHECK(t[0] == 12345 && (t[1] & V3_CTX_PLAYING) && t[2] == 97500 && t[3] == V3_REALTIME,
          "transport {%lld, 0x%llx, %lld, %lld}", (long long)t[0], (long long)t[1], (long long)t[2], (long long)t[3]);
    return 1;
}

static int test_tempo_change_starts_a_generation(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    mh_process_block(&f->proc, 0, 64, 1);
    mh_process_run(&f->proc, &f->p);
    const int64_t before = B->generation(f->inst);
    mh_process_block(&f->proc, 64, 64, 1);
    mh_process_run(&f->proc, &f->p);
    CHECK(B->generation(f->inst) == before, "the same tempo changed the generation");
    f->proc.ctx.tempo = 90.0;
    mh_process_block(&f->proc, 128, 64, 1);
    mh_process_run(&f->proc, &f->p);
    CHECK(B->generation(f->inst) == before + 1, "a tempo change left generation %lld (was %lld)", (long long)B->generation(f->inst), (long long)before);
    int64_t t[4];
    B->transport(f->inst, t);
    CHECK(t[2] == 90000, "tempo %lld", (long long)t[2]);
    return 1;
}

/* ---- audio ---------------------------------------------------------------------------------------- */

static int test_output_matches_clips_in_split_blocks(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[3] = {{100, 5000, 2}, {2000, 3000, 1}, {4040, 1, 2}};
    CHECK(publish(f, spec, 3, 48000) == 0, "publish failed");
    static const int32_t sizes[] = {1, 17, 1000, 1024, 333, 1024, 1024, 1, 1024, 700};
    return play_and_compare(f, spec, 3, 0, sizes, (int)(sizeof sizes / sizeof *sizes));
}

static int test_pre_roll_negative_positions(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[2] = {{-500, 1000, 2}, {0, 2048, 2}};
    CHECK(publish(f, spec, 2, 48000) == 0, "publish failed");
    static const int32_t sizes[] = {1024, 1024, 272, 1024, 1024};      /* -1776, -752, 272, ... as Ardour does */
    return play_and_compare(f, spec, 2, -1776, sizes, 5);
}

static int test_stopped_transport_is_silent(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    mh_process_block(&f->proc, 1000, 512, 0);
    mh_process_fill(&f->proc, 9.0f);
    CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "process failed");
    CHECK(all_zero(f->proc.left, 512) && all_zero(f->proc.right, 512), "stopped transport produced sound");
    CHECK(f->proc.out.silence_flags == 3, "silence flags 0x%llx, expected 0x3", (unsigned long long)f->proc.out.silence_flags);
    return 1;
}

static int test_null_context_is_silent(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    mh_process_block(&f->proc, 0, 512, 1);
    mh_process_fill(&f->proc, 9.0f);
    f->proc.data.context = NULL;
    const v3_result r = mh_process_run(&f->proc, &f->p);
    f->proc.data.context = &f->proc.ctx;
    CHECK(r == V3_OK, "process without a context failed");
    CHECK(all_zero(f->proc.left, 512) && all_zero(f->proc.right, 512), "no context but sound");
    CHECK(f->proc.out.silence_flags == 3, "silence flags 0x%llx", (unsigned long long)f->proc.out.silence_flags);
    return 1;
}

static int test_degenerate_process_calls(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    mh_process_block(&f->proc, 0, 0, 1);
    CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "num_samples == 0 failed");
    mh_process_block(&f->proc, 0, 256, 1);
    f->proc.data.outputs = NULL;
    CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "outputs == NULL failed");
    f->proc.data.outputs = &f->proc.out;
    f->proc.data.num_outputs = 0;
    CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "num_outputs == 0 failed");
    f->proc.data.num_outputs = 1;
    f->proc.out.channels32 = NULL;
    CHECK(mh_process_run(&f->proc, &f->p) == V3_OK, "channels == NULL failed");
    f->proc.out.channels32 = f->proc.channels;
    CHECK(V3_CALL(f->p.audio, process, NULL) != V3_OK, "process(NULL) accepted");
    return 1;
}

static int test_rate_change_discards_old_snapshot(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    static const int32_t one[] = {256};
    if (!play_and_compare(f, spec, 1, 0, one, 1)) return 0;     /* plays at 48 kHz first */
    const int64_t gen = B->generation(f->inst);
    CHECK(mh_plugin_setup(&f->p, 44100, MAXN) == V3_OK, "setupProcessing(44100) failed");
    CHECK(mh_wait_event(&mod, US_EVENT_SETUP_CHANGED, f->inst, 500, NULL), "no SETUP_CHANGED event");
    CHECK(B->generation(f->inst) > gen && B->sample_rate(f->inst) == 44100.0, "generation/rate not updated");
    f->proc.ctx.sample_rate = 44100;
    mh_process_block(&f->proc, 256, 256, 1);
    mh_process_run(&f->proc, &f->p);
    CHECK(all_zero(f->proc.left, 256) && all_zero(f->proc.right, 256), "a 48 kHz snapshot played at 44.1 kHz");
    CHECK(publish(f, spec, 1, 44100) == 0, "publish at 44.1 kHz failed");
    static const int32_t two[] = {256};
    return play_and_compare(f, spec, 1, 512, two, 1);            /* the re-rendered one plays */
}

/* ---- offline rendering ------------------------------------------------------------------------ */

/* Another thread publishes `partial` incomplete snapshots, then a complete one, every delay_ms. */
typedef struct late_publish { fixture *f; const clip_spec *spec; int delay_ms, partial, result; } late_publish;

static void *publish_later(void *arg) {
    late_publish *lp = arg;
    lp->result = 0;
    for (int i = 0; i <= lp->partial; i++) {
        mh_sleep_ms(lp->delay_ms);
        lp->result |= publish_as(lp->f, lp->spec, 1, 48000, i == lp->partial);
    }
    return NULL;
}

/* One offline block at 0 while `lp` publishes; returns how long it took (ms), -1 on failure. */
static double offline_block_while(fixture *f, late_publish *lp) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, publish_later, lp) != 0) return -1;
    mh_process_block(&f->proc, 0, 1024, 1);
    f->proc.data.process_mode = V3_OFFLINE;
    const int64_t t0 = mh_now_ns();
    mh_process_run(&f->proc, &f->p);
    const double ms = (double)(mh_now_ns() - t0) / 1e6;
    pthread_join(thread, NULL);
    return ms;
}

static int output_matches(const clip_spec *spec, int n, int64_t pos, const mh_process *proc, int32_t frames) {
    for (int32_t k = 0; k < frames; k++) {
        float l, r;
        expected(spec, n, pos + k, &l, &r);
        CHECK(proc->left[k] == l && proc->right[k] == r, "sample %d is %g, expected %g", k, proc->left[k], l);
    }
    return 1;
}

static int test_offline_waits_for_complete_snapshot(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    late_publish lp = {f, spec, 200, 0, -1};
    const double ms = offline_block_while(f, &lp);
    CHECK(lp.result == 0, "publish failed");
    CHECK(ms >= 150.0, "offline block returned after %.0f ms, before the snapshot was published", ms);
    return output_matches(spec, 1, 0, &f->proc, 1024);
}

static int test_offline_progress_extends_the_wait(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    late_publish lp = {f, spec, 100, 3, -1};           /* incomplete at 100, 200, 300 ms; complete at 400 */
    const double ms = offline_block_while(f, &lp);
    CHECK(lp.result == 0, "publish failed");
    CHECK(ms >= 350.0, "gave up after %.0f ms although Java kept publishing (timeout 300 ms)", ms);
    return output_matches(spec, 1, 0, &f->proc, 1024);
}

static int test_offline_gives_up_after_timeout(void) {
    fixture *f = fixture_open(48000, 0);                 /* its own instance: nothing is ever published */
    if (!f) return 0;
    mh_process_block(&f->proc, 0, 1024, 1);
    mh_process_fill(&f->proc, 9.0f);
    f->proc.data.process_mode = V3_OFFLINE;
    const int64_t t0 = mh_now_ns();
    mh_process_run(&f->proc, &f->p);
    const double ms = (double)(mh_now_ns() - t0) / 1e6;
    CHECK(ms >= 250.0 && ms <= 2000.0, "gave up after %.0f ms, expected about 300", ms);
    CHECK(B->offline_gave_up(f->inst) == B->generation(f->inst), "the bridge does not report the gave-up generation (%lld)",
          (long long)B->offline_gave_up(f->inst));
    CHECK(all_zero(f->proc.left, 1024) && all_zero(f->proc.right, 1024), "output not silent after the timeout");
    mh_process_block(&f->proc, 1024, 1024, 1);
    const int64_t t1 = mh_now_ns();
    mh_process_run(&f->proc, &f->p);
    const double again = (double)(mh_now_ns() - t1) / 1e6;
    CHECK(again < 100.0, "the next block of the same generation waited again (%.0f ms)", again);
    return 1;
}

/* ---- state ------------------------------------------------------------------------------------------ */

static mh_stream *get_state(fixture *f) {
    mh_stream *s = mh_stream_new(NULL, 0);
    defer(free_stream, s);
    if (V3_CALL(f->p.component, get_state, mh_stream_api(s)) != V3_OK) return NULL;
    mh_stream_rewind(s);
    return s;
}

static int same_blob(mh_stream *a, mh_stream *b) {
    int64_t la, lb;
    const uint8_t *pa = mh_stream_data(a, &la), *pb = mh_stream_data(b, &lb);
    return la == lb && la > 0 && memcmp(pa, pb, (size_t)la) == 0;
}

static const char doc[] = "{\"project\":\"verse\",\"tracks\":[1,2]}";

/* A processor whose state has Java's payload, gain 0.75 (-6 dB) and the given bypass. */
static fixture *configured(int bypass, int with_controller) {
    fixture *f = fixture_open(48000, with_controller);
    if (!f) return NULL;
    B->set_payload(f->inst, (const uint8_t *)doc, (int32_t)strlen(doc));
    process_with_params(f, 0, 64, PARAM_GAIN, 0.75);
    process_with_params(f, 64, 64, PARAM_BYPASS, bypass);
    return f;
}

static int test_state_roundtrip_between_processors(void) {
    fixture *a = configured(1, 0), *b = fixture_open(48000, 0);
    if (!a || !b) return 0;
    mh_stream *blob = get_state(a);
    CHECK(blob, "getState failed");
    CHECK(V3_CALL(b->p.component, set_state, mh_stream_api(blob)) == V3_OK, "setState refused the blob");
    CHECK(mh_wait_event(&mod, US_EVENT_STATE_CHANGED, b->inst, 500, NULL), "no STATE_CHANGED event");
    mh_stream *again = get_state(b);
    CHECK(again && same_blob(blob, again), "the second processor saves a different blob");
    uint8_t buf[128];
    const int32_t len = B->payload(b->inst, buf, sizeof buf, NULL);
    CHECK(len == (int32_t)strlen(doc) && memcmp(buf, doc, (size_t)len) == 0, "payload not restored (%d bytes)", len);
    return 1;
}

static int test_corrupt_state_refused_and_kept(void) {
    fixture *a = configured(1, 0), *b = fixture_open(48000, 0);
    if (!a || !b) return 0;
    mh_stream *good = get_state(a), *before = get_state(b);
    CHECK(good && before, "getState failed");
    int64_t len;
    const uint8_t *bytes = mh_stream_data(good, &len);
    uint8_t *bad = malloc((size_t)len);
    memcpy(bad, bytes, (size_t)len);
    bad[len - 2] ^= 0x20;                                      /* one payload byte */
    mh_stream *flipped = mh_stream_new(bad, len), *truncated = mh_stream_new(bytes, 20);
    bad[0] = 'X';
    mh_stream *magic = mh_stream_new(bad, len);
    free(bad);
    defer(free_stream, flipped);
    defer(free_stream, truncated);
    defer(free_stream, magic);
    CHECK(V3_CALL(b->p.component, set_state, mh_stream_api(flipped)) == V3_FALSE, "flipped payload byte accepted");
    CHECK(V3_CALL(b->p.component, set_state, mh_stream_api(truncated)) == V3_FALSE, "truncated blob accepted");
    CHECK(V3_CALL(b->p.component, set_state, mh_stream_api(magic)) == V3_FALSE, "bad magic accepted");
    mh_stream *after = get_state(b);
    CHECK(after && same_blob(before, after), "a refused blob changed the state");
    CHECK(!mh_wait_event(&mod, US_EVENT_STATE_CHANGED, b->inst, 50, NULL), "a refused blob sent STATE_CHANGED");
    return 1;
}

static int test_controller_reads_component_state(void) {
    fixture *a = configured(1, 1);
    if (!a) return 0;
    mh_controller *c = a->p.controller;
    CHECK(V3_CALL(c, get_param_normalised, PARAM_GAIN) == GAIN_DEFAULT && V3_CALL(c, get_param_normalised, PARAM_BYPASS) == 0.0,
          "controller does not start at the defaults");
    mh_stream *blob = get_state(a);
    CHECK(blob && V3_CALL(c, set_component_state, mh_stream_api(blob)) == V3_OK, "setComponentState failed");
    CHECK(V3_CALL(c, get_param_normalised, PARAM_GAIN) == 0.75, "gain %g, expected 0.75", V3_CALL(c, get_param_normalised, PARAM_GAIN));
    CHECK(V3_CALL(c, get_param_normalised, PARAM_BYPASS) == 1.0, "bypass %g, expected 1", V3_CALL(c, get_param_normalised, PARAM_BYPASS));
    return 1;
}

/* ---- parameters in process() --------------------------------------------------------------------- */

static int test_gain_parameter_scales_output(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    CHECK(process_with_params(f, 0, 512, PARAM_GAIN, 0.75) == V3_OK, "process with a gain change failed");
    mh_process_block(&f->proc, 512, 512, 1);
    mh_process_run(&f->proc, &f->p);
    const float g = (float)pow(10.0, -6.0 / 20.0);             /* 0.75 = -6 dB on the -60..+12 dB scale */
    for (int k = 0; k < 512; k++) {
        CHECK(f->proc.left[k] == clip_l(0, 512 + k) * g && f->proc.right[k] == clip_r(0, 512 + k, 2) * g,
              "sample %d after the ramp is %g, expected %g", k, f->proc.left[k], clip_l(0, 512 + k) * g);
    }
    return 1;
}

static int test_bypass_silences_after_ramp(void) {
    fixture *f = fixture_open(48000, 0);
    if (!f) return 0;
    const clip_spec spec[1] = {{0, 48000, 2}};
    CHECK(publish(f, spec, 1, 48000) == 0, "publish failed");
    CHECK(process_with_params(f, 0, 512, PARAM_BYPASS, 1.0) == V3_OK, "process with bypass failed");
    const float first = f->proc.left[0];
    mh_process_block(&f->proc, 512, 512, 1);
    mh_process_run(&f->proc, &f->p);
    CHECK(first != 0.0f, "the ramp block should start audible");
    CHECK(all_zero(f->proc.left, 512) && all_zero(f->proc.right, 512), "bypassed output not silent after the ramp");
    return 1;
}

/* ---- controller ------------------------------------------------------------------------------------- */

static int test_parameter_info(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    mh_controller *c = f->p.controller;
    CHECK(V3_CALL0(c, get_parameter_count) == 2, "parameter count %d", V3_CALL0(c, get_parameter_count));
    v3_param_info info;
    char title[128], units[128];
    CHECK(V3_CALL(c, get_parameter_info, 0, &info) == V3_OK, "getParameterInfo(0) failed");
    mh_from_utf16(title, info.title, 128);
    mh_from_utf16(units, info.units, 128);
    CHECK(info.id == PARAM_GAIN && strcmp(title, "Output Gain") == 0 && strcmp(units, "dB") == 0 &&
          info.default_normalised_value == GAIN_DEFAULT && (info.flags & V3_PARAM_CAN_AUTOMATE),
          "gain info: id %u \"%s\" [%s] default %g flags 0x%x", info.id, title, units, info.default_normalised_value, info.flags);
    CHECK(V3_CALL(c, get_parameter_info, 1, &info) == V3_OK, "getParameterInfo(1) failed");
    CHECK(info.id == PARAM_BYPASS && info.step_count == 1 && (info.flags & V3_PARAM_IS_BYPASS), "bypass info: flags 0x%x steps %d", info.flags, info.step_count);
    CHECK(V3_CALL(c, get_parameter_info, 2, &info) != V3_OK, "getParameterInfo(2) succeeded");
    return 1;
}

/* value -> string -> value for one parameter. */
static int string_roundtrip(mh_controller *c, v3_param_id id, double value, const char *text) {
    v3_str128 s;
    char got[128];
    double back = -1;
    CHECK(V3_CALL(c, get_param_string_for_value, id, value, s) == V3_OK, "string for %g failed", value);
    mh_from_utf16(got, s, 128);
    CHECK(strcmp(got, text) == 0, "param %u value %g shows \"%s\", expected \"%s\"", id, value, got, text);
    CHECK(V3_CALL(c, get_param_value_for_string, id, s, &back) == V3_OK && fabs(back - value) < 1e-9,
          "\"%s\" parses to %g, expected %g", text, back, value);
    return 1;
}

static int test_parameter_strings(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    mh_controller *c = f->p.controller;
    if (!string_roundtrip(c, PARAM_GAIN, 0.75, "-6.0") || !string_roundtrip(c, PARAM_GAIN, GAIN_DEFAULT, "0.0") ||
        !string_roundtrip(c, PARAM_GAIN, 1.0, "12.0") || !string_roundtrip(c, PARAM_GAIN, 0.0, "-inf") ||
        !string_roundtrip(c, PARAM_BYPASS, 1.0, "On") || !string_roundtrip(c, PARAM_BYPASS, 0.0, "Off"))
        return 0;
    CHECK(V3_CALL(c, normalised_param_to_plain, PARAM_GAIN, 0.75) == -6.0, "0.75 is not -6 dB");
    CHECK(V3_CALL(c, plain_param_to_normalised, PARAM_GAIN, -6.0) == 0.75, "-6 dB is not 0.75");
    v3_str128 junk;
    mh_to_utf16(junk, "loud", 128);
    double v;
    CHECK(V3_CALL(c, get_param_value_for_string, PARAM_GAIN, junk, &v) != V3_OK, "\"loud\" parsed as a gain");
    return 1;
}

/* ---- editor and the processor <-> controller link -------------------------------------------------- */

static void free_frame(void *f) { mh_frame_free(f); }

static v3_plugin_view *create_view(fixture *f) {
    v3_plugin_view *view = V3_CALL(f->p.controller, create_view, "editor");
    if (view) defer(release_unknown, view);
    return view;
}

static int test_create_view(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    v3_plugin_view *view = create_view(f);
    CHECK(view, "createView(\"editor\") returned NULL");
    CHECK(query(view, iid_view), "the view has no IPlugView");
    CHECK(V3_CALL(view, is_platform_type_supported, V3_VIEW_PLATFORM_X11) == V3_TRUE, "X11EmbedWindowID not supported");
    CHECK(V3_CALL(view, is_platform_type_supported, "HWND") == V3_FALSE, "HWND supported");
    v3_view_rect r;
    CHECK(V3_CALL(view, get_size, &r) == V3_OK && r.right > 0 && r.bottom > 0, "getSize failed");
    CHECK(V3_CALL(f->p.controller, create_view, "other") == NULL, "createView(\"other\") returned a view");
    return 1;
}

static int test_controller_accepts_instance_message(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    CHECK(mh_messages_seen("understudy.instance") >= 1, "the processor sent no instance message through the host");
    v3_message *ok = mh_message_new("understudy.instance", "id", 1), *other = mh_message_new("something.else", "id", 1);
    defer(release_unknown, ok);
    defer(release_unknown, other);
    CHECK(V3_CALL(f->p.controller_cp, notify, ok) == V3_OK, "controller refused the instance message");
    CHECK(V3_CALL(f->p.controller_cp, notify, other) != V3_OK, "controller accepted an unknown message");
    return 1;
}

/* Attaching (to a made-up window: DISPLAY is unset, nothing is drawn) must tell "Java" which
 * instance the editor belongs to, which only works if the controller got the instance id. */
static int test_editor_attach_reaches_the_instance(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    mh_frame *frame = mh_frame_new();                  /* freed after the view (cleanups run in reverse) */
    defer(free_frame, frame);
    v3_plugin_view *view = create_view(f);
    CHECK(view && V3_CALL(view, set_frame, mh_frame_api(frame)) == V3_OK, "setFrame failed");
    const uintptr_t parent = 0x5a5a01;
    int64_t ev[4];
    CHECK(V3_CALL(view, attached, (void *)parent, V3_VIEW_PLATFORM_X11) == V3_OK, "attached failed");
    CHECK(mh_wait_event(&mod, US_EVENT_EDITOR_ATTACHED, f->inst, 500, ev), "no EDITOR_ATTACHED for this instance");
    CHECK(ev[2] == (int64_t)parent && ev[3] == ((int64_t)760 << 32 | 440), "attach data %llx / %llx", (long long)ev[2], (long long)ev[3]);
    CHECK(mh_frame_timer_count(frame) == 1, "no run-loop timer registered");
    CHECK(V3_CALL0(view, removed) == V3_OK, "removed failed");
    CHECK(mh_wait_event(&mod, US_EVENT_EDITOR_DETACHED, f->inst, 500, NULL), "no EDITOR_DETACHED");
    CHECK(mh_frame_timer_count(frame) == 0, "timer still registered after removed");
    return 1;
}

static int test_editor_size_request_reaches_host(void) {
    fixture *f = fixture_open(48000, 1);
    if (!f) return 0;
    mh_frame *frame = mh_frame_new();                  /* freed after the view (cleanups run in reverse) */
    defer(free_frame, frame);
    v3_plugin_view *view = create_view(f);
    CHECK(view && V3_CALL(view, set_frame, mh_frame_api(frame)) == V3_OK, "setFrame failed");
    CHECK(V3_CALL(view, attached, (void *)(uintptr_t)0x5a5a02, V3_VIEW_PLATFORM_X11) == V3_OK, "attached failed");
    B->request_editor_size(f->inst, 900, 600);
    mh_frame_pump(frame, 200);
    v3_view_rect last, size;
    CHECK(mh_frame_resize_requests(frame, &last) == 1 && last.right == 900 && last.bottom == 600,
          "frame got %d resize requests, last %dx%d", mh_frame_resize_requests(frame, NULL), last.right, last.bottom);
    CHECK(V3_CALL(view, get_size, &size) == V3_OK && size.right == 900 && size.bottom == 600, "view size %dx%d", size.right, size.bottom);
    int64_t ev[4];
    CHECK(mh_wait_event(&mod, US_EVENT_EDITOR_RESIZED, f->inst, 500, ev) && ev[3] == ((int64_t)900 << 32 | 600), "no EDITOR_RESIZED 900x600");
    V3_CALL0(view, removed);
    return 1;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) { fprintf(stderr, "usage: %s Understudy.so\n", argv[0]); return 2; }
    setenv("UNDERSTUDY_BRIDGE_EXTERNAL", "1", 1);     /* this program is the bridge */
    setenv("UNDERSTUDY_OFFLINE_TIMEOUT_MS", "300", 1); /* read once, at the first offline block */
    unsetenv("DISPLAY");                              /* attach to fake windows: never draw */
    char err[512];
    if (mh_load(&mod, argv[1], err, sizeof err) != 0) { printf("load %s: %s\n0 passed, 1 failed\n", argv[1], err); return 1; }
    if (!mod.bridge_complete) {
        printf("bridge: %s does not export: %s\n0 passed, 1 failed\n", argv[1], mod.missing);
        return 1;
    }
    B = &mod.bridge;
    run("factory: info and class count", test_factory_info);
    run("factory: both classes", test_class_infos);
    run("factory: controller class id", test_controller_class_id);
    run("processor: interfaces", test_processor_interfaces);
    run("controller: interfaces", test_controller_interfaces);
    run("processor: bus counts and info", test_bus_counts_and_info);
    run("processor: setBusArrangements", test_bus_arrangements);
    run("processor: sample sizes", test_sample_sizes);
    run("bridge: setActive opens the instance", test_set_active_opens_instance);
    run("bridge: api version", test_bridge_api_version);
    run("bridge: payload and generation", test_payload_and_generation);
    run("bridge: a tempo change starts a generation", test_tempo_change_starts_a_generation);
    run("bridge: transport mirror", test_transport_mirror);
    run("audio: clips at the right samples, split blocks", test_output_matches_clips_in_split_blocks);
    run("audio: pre-roll with negative positions", test_pre_roll_negative_positions);
    run("audio: stopped transport is silent", test_stopped_transport_is_silent);
    run("audio: no process context is silent", test_null_context_is_silent);
    run("audio: degenerate process calls", test_degenerate_process_calls);
    run("audio: rate change discards the old snapshot", test_rate_change_discards_old_snapshot);
    run("offline: waits for a complete snapshot", test_offline_waits_for_complete_snapshot);
    run("offline: progress extends the wait", test_offline_progress_extends_the_wait);
    run("offline: gives up after the timeout", test_offline_gives_up_after_timeout);
    run("state: roundtrip between processors", test_state_roundtrip_between_processors);
    run("state: corrupt blob refused, state kept", test_corrupt_state_refused_and_kept);
    run("state: controller reads the component state", test_controller_reads_component_state);
    run("params: gain scales the output", test_gain_parameter_scales_output);
    run("params: bypass silences after the ramp", test_bypass_silences_after_ramp);
    run("controller: parameter info", test_parameter_info);
    run("controller: parameter strings round-trip", test_parameter_strings);
    run("editor: createView", test_create_view);
    run("editor: controller accepts the instance message", test_controller_accepts_instance_message);
    run("editor: attach reaches the processor's instance", test_editor_attach_reaches_the_instance);
    run("editor: size request reaches the host frame", test_editor_size_request_reaches_host);
    printf("%d passed, %d failed\n", passed, failed);
    mh_unload(&mod);
    return failed > 0;
}
