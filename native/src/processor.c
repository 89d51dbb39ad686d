/* The audio module class: IComponent + IAudioProcessor + IProcessContextRequirements +
 * IConnectionPoint. An instrument with one event input and one stereo output. process() mixes
 * the instance's current timeline snapshot and never enters Java, allocates or locks. */
#include <stdatomic.h>
#include <stdlib.h>
#include <xmmintrin.h>

#include "instance.h"
#include "log.h"
#include "plugin.h"
#include "state.h"

typedef struct us_processor {
    const struct v3_component_vtbl *component;
    const struct v3_audio_processor_vtbl *audio;
    const struct v3_process_context_requirements_vtbl *context_req;
    const struct v3_connection_point_vtbl *connection;
    atomic_int refs;
    us_instance *inst;
    v3_funknown *host;                 /* from initialize, for IMessage creation */
    v3_connection_point *peer;         /* the controller (or the host's proxy of it) */
} us_processor;

/* ---- FUnknown, shared by all four interfaces --------------------------------------------------- */

static v3_result query(us_processor *p, const v3_tuid iid, void **obj) {
    void *found = NULL;
    if (US_IID_IS(iid, V3_IID_FUNKNOWN) || US_IID_IS(iid, V3_IID_PLUGIN_BASE) || US_IID_IS(iid, V3_IID_COMPONENT))
        found = &p->component;
    else if (US_IID_IS(iid, V3_IID_AUDIO_PROCESSOR)) found = &p->audio;
    else if (US_IID_IS(iid, V3_IID_PROCESS_CONTEXT_REQUIREMENTS)) found = &p->context_req;
    else if (US_IID_IS(iid, V3_IID_CONNECTION_POINT)) found = &p->connection;
    if (obj) *obj = found;
    if (!found) return V3_NO_INTERFACE;
    atomic_fetch_add(&p->refs, 1);
    return V3_OK;
}

static uint32_t retain(us_processor *p) { return (uint32_t)atomic_fetch_add(&p->refs, 1) + 1; }

static uint32_t release(us_processor *p) {
    const int left = atomic_fetch_sub(&p->refs, 1) - 1;
    if (left == 0) {
        if (p->peer) V3_CALL0(p->peer, release);
        if (p->host) V3_CALL0(p->host, release);
        us_instance_close(p->inst);
        free(p);
    }
    return (uint32_t)left;
}

#define FUNKNOWN_FOR(field)                                                                             \
    static v3_result field##_query(void *self, const v3_tuid iid, void **obj) {                         \
        return query(US_OBJECT(us_processor, field, self), iid, obj);                                   \
    }                                                                                                   \
    static uint32_t field##_retain(void *self) { return retain(US_OBJECT(us_processor, field, self)); } \
    static uint32_t field##_release(void *self) { return release(US_OBJECT(us_processor, field, self)); }
FUNKNOWN_FOR(component)
FUNKNOWN_FOR(audio)
FUNKNOWN_FOR(context_req)
FUNKNOWN_FOR(connection)

/* ---- IPluginBase + IComponent [host-main-thread] ----------------------------------------------- */

static v3_result initialize(void *self, v3_funknown *context) {
    us_processor *p = US_OBJECT(us_processor, component, self);
    if (p->host) return V3_FALSE;
    if (context) { p->host = context; V3_CALL0(context, add_ref); }
    return V3_OK;
}

static v3_result terminate(void *self) {
    us_processor *p = US_OBJECT(us_processor, component, self);
    if (p->host) { V3_CALL0(p->host, release); p->host = NULL; }
    return V3_OK;
}

static v3_result get_controller_class_id(void *self, v3_tuid class_id) {
    (void)self;
    if (!class_id) return V3_INVALID_ARG;
    memcpy(class_id, us_controller_cid, sizeof(v3_tuid));
    return V3_OK;
}

static v3_result set_io_mode(void *self, int32_t mode) { (void)self; (void)mode; return V3_OK; }

static int bus_exists(int32_t type, int32_t dir, int32_t index) {
    return index == 0 && ((type == V3_AUDIO && dir == V3_OUTPUT) || (type == V3_EVENT && dir == V3_INPUT));
}

static int32_t get_bus_count(void *self, int32_t type, int32_t dir) {
    (void)self;
    return bus_exists(type, dir, 0) ? 1 : 0;
}

static void ascii_to_utf16(v3_char16 *dst, const char *src, int cap) {
    int i = 0;
    for (; src[i] && i < cap - 1; i++) dst[i] = (v3_char16)src[i];
    dst[i] = 0;
}

static v3_result get_bus_info(void *self, int32_t type, int32_t dir, int32_t index, v3_bus_info *info) {
    (void)self;
    if (!info || !bus_exists(type, dir, index)) return V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    info->media_type = type;
    info->direction = dir;
    info->channel_count = type == V3_AUDIO ? 2 : 16;
    ascii_to_utf16(info->name, type == V3_AUDIO ? "Output" : "Event In", 128);
    info->bus_type = V3_MAIN_BUS;
    info->flags = V3_BUS_DEFAULT_ACTIVE;
    return V3_OK;
}

static v3_result get_routing_info(void *self, v3_routing_info *in, v3_routing_info *out) {
    (void)self; (void)in; (void)out;
    return V3_NOT_IMPLEMENTED;
}

static v3_result activate_bus(void *self, int32_t type, int32_t dir, int32_t index, v3_bool state) {
    (void)self; (void)state;
    return bus_exists(type, dir, index) ? V3_OK : V3_INVALID_ARG;
}

static v3_result set_active(void *self, v3_bool state) {
    us_processor *p = US_OBJECT(us_processor, component, self);
    if (state) us_instance_announce(p->inst);
    return V3_OK;
}

static v3_result set_state(void *self, v3_bstream *stream) {
    us_processor *p = US_OBJECT(us_processor, component, self);
    us_state st;
    const v3_result r = us_state_read(stream, &st);
    if (r != V3_OK) return r;
    us_instance_load_state(p->inst, st.params, st.payload, st.len);
    free(st.payload);
    return V3_OK;
}

static v3_result get_state(void *self, v3_bstream *stream) {
    us_processor *p = US_OBJECT(us_processor, component, self);
    if (!stream) return V3_INVALID_ARG;
    int32_t len = 0;
    uint8_t *blob = us_instance_save_state(p->inst, &len);
    if (!blob) return US_FAIL(V3_NOMEM, "getState: out of memory");
    const v3_result r = us_stream_write_all(stream, blob, len);
    free(blob);
    return r;
}

/* ---- IAudioProcessor ---------------------------------------------------------------------------- */

static v3_result set_bus_arrangements(void *self, v3_speaker_arrangement *ins, int32_t num_ins,
                                      v3_speaker_arrangement *outs, int32_t num_outs) {
    (void)self; (void)ins;
    return num_ins == 0 && num_outs == 1 && outs && outs[0] == V3_SPEAKER_STEREO ? V3_TRUE : V3_FALSE;
}

static v3_result get_bus_arrangement(void *self, int32_t dir, int32_t index, v3_speaker_arrangement *arr) {
    (void)self;
    if (!arr || dir != V3_OUTPUT || index != 0) return V3_INVALID_ARG;
    *arr = V3_SPEAKER_STEREO;
    return V3_OK;
}

static v3_result can_process_sample_size(void *self, int32_t size) {
    (void)self;
    return size == V3_SAMPLE32 ? V3_TRUE : V3_FALSE;
}

static uint32_t get_latency_samples(void *self) { (void)self; return 0; }
static uint32_t get_tail_samples(void *self) { (void)self; return 0; }

static v3_result setup_processing(void *self, v3_process_setup *setup) {
    us_processor *p = US_OBJECT(us_processor, audio, self);
    if (!setup || !(setup->sample_rate > 0.0)) return US_FAIL(V3_INVALID_ARG, "setupProcessing: bad setup");
    if (setup->symbolic_sample_size != V3_SAMPLE32) return V3_FALSE;
    us_instance_set_sample_rate(p->inst, setup->sample_rate);
    return V3_OK;
}

static v3_result set_processing(void *self, v3_bool state) { (void)self; (void)state; return V3_OK; }

/* [audio-thread] Latest value of each of our parameters in this block's changes. */
static void read_parameter_changes(us_instance *inst, v3_parameter_changes *changes) {
    if (!changes) return;
    const int32_t n = changes->vtbl->get_parameter_count(changes);
    for (int32_t i = 0; i < n; i++) {
        v3_param_value_queue *q = changes->vtbl->get_parameter_data(changes, i);
        if (!q) continue;
        const v3_param_id id = q->vtbl->get_parameter_id(q);
        const int32_t points = q->vtbl->get_point_count(q);
        int32_t offset;
        double value;
        if (id < US_PARAM_COUNT && points > 0 && q->vtbl->get_point(q, points - 1, &offset, &value) == V3_OK)
            us_param_set(inst, (int)id, value < 0.0 ? 0.0 : value > 1.0 ? 1.0 : value);
    }
}

/* [audio-thread] Applies output gain and bypass, ramped across the block to avoid clicks.
 * With l == NULL (a silent block) it only moves the ramp to its target. */
static void apply_gain(us_instance *inst, float *l, float *r, int32_t n) {
    const float target = (float)us_gain_linear(us_param_get(inst, US_PARAM_GAIN));
    const float active = us_param_get(inst, US_PARAM_BYPASS) >= 0.5 ? 0.0f : 1.0f;
    const float g0 = inst->rt_gain * inst->rt_active, g1 = target * active;
    inst->rt_gain = target;
    inst->rt_active = active;
    if (!l || (g0 == 1.0f && g1 == 1.0f)) return;
    const float step = (g1 - g0) / (float)n;
    for (int32_t k = 0; k < n; k++) {
        const float g = g0 + step * (float)(k + 1);
        l[k] *= g;
        if (r) r[k] *= g;
    }
}

static v3_result process(void *self, v3_process_data *d) {
    us_processor *p = US_OBJECT(us_processor, audio, self);
    if (!d) return V3_INVALID_ARG;
    const unsigned int csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040);                    /* flush-to-zero and denormals-are-zero */
    us_instance *inst = p->inst;
    read_parameter_changes(inst, d->input_params);

    const v3_process_context *ctx = d->context;
    const int playing = ctx && (ctx->state & V3_CTX_PLAYING);
    if (ctx) {
        atomic_store_explicit(&inst->t_pos, ctx->project_time_samples, memory_order_relaxed);
        atomic_store_explicit(&inst->t_state, (int)ctx->state, memory_order_relaxed);
        const long long tempo = (long long)(ctx->tempo * 1000.0);
        const long long was = atomic_exchange_explicit(&inst->t_tempo_milli, tempo, memory_order_relaxed);
        /* cues placed in beats move with the tempo: a new generation makes an offline bounce wait for them */
        if (was != 0 && was != tempo && (ctx->state & V3_CTX_TEMPO_VALID)) atomic_fetch_add(&inst->generation, 1);
    }
    atomic_store_explicit(&inst->t_mode, d->process_mode, memory_order_relaxed);

    const int32_t n = d->num_samples;
    v3_audio_bus_buffers *out = d->num_outputs > 0 ? d->outputs : NULL;
    if (n > 0 && out && out->num_channels > 0 && out->channels32 && d->symbolic_sample_size == V3_SAMPLE32) {
        float *l = out->channels32[0];
        float *r = out->num_channels > 1 ? out->channels32[1] : NULL;
        for (int32_t c = 0; c < out->num_channels; c++)
            if (out->channels32[c]) memset(out->channels32[c], 0, (size_t)n * sizeof(float));
        int heard = 0;
        if (l && playing) {
            double rate = us_instance_sample_rate(inst);
            if (rate <= 0.0) rate = ctx->sample_rate;
            const int64_t pos = ctx->project_time_samples;
            const int jumped = pos != inst->rt_next_pos;
            inst->rt_next_pos = pos + n;
            if (d->process_mode == V3_OFFLINE) us_instance_wait_offline(inst, rate);
            us_snapshot *s = us_instance_begin_read(inst);
            if (s && s->sample_rate == rate && s->count > 0) {
                us_snapshot_arrive(s, pos, jumped);
                heard = us_mix(s, pos, n, l, r);
            }
            us_instance_end_read(inst);
        }
        apply_gain(inst, heard ? l : NULL, r, n);
        out->silence_flags = heard ? 0 : ((uint64_t)1 << out->num_channels) - 1;
    }
    _mm_setcsr(csr);
    return V3_OK;
}

/* ---- IProcessContextRequirements ------------------------------------------------------------------ */

static uint32_t get_process_context_requirements(void *self) {
    (void)self;
    return V3_NEED_CONTINUOUS_TIME_SAMPLES | V3_NEED_PROJECT_TIME_MUSIC | V3_NEED_TEMPO |
           V3_NEED_TIME_SIGNATURE | V3_NEED_TRANSPORT_STATE;
}

/* ---- IConnectionPoint: tell the controller which instance it edits ------------------------------- */

/* Sends the instance id to the controller in a host-created IMessage (the host may hand us a
 * proxy of the controller, so a message is the only portable way). */
static void send_instance_id(v3_funknown *host, v3_connection_point *peer, int64_t id) {
    v3_host_application *app = NULL;
    if (!host || host->vtbl->query_interface(host, (const uint8_t[16])V3_IID_HOST_APPLICATION, (void **)&app) != V3_OK || !app) {
        us_log("host offers no IHostApplication: the editor cannot find its processor");
        return;
    }
    v3_message *msg = NULL;
    const uint8_t iid[16] = V3_IID_MESSAGE;
    if (app->vtbl->create_instance(app, iid, iid, (void **)&msg) == V3_OK && msg) {
        msg->vtbl->set_message_id(msg, US_MESSAGE_INSTANCE);
        v3_attribute_list *attrs = msg->vtbl->get_attributes(msg);
        if (attrs) {
            attrs->vtbl->set_int(attrs, US_ATTR_INSTANCE_ID, id);
            peer->vtbl->notify(peer, msg);
        }
        V3_CALL0(msg, release);
    } else {
        us_log("host could not create an IMessage: the editor cannot find its processor");
    }
    V3_CALL0(app, release);
}

static v3_result connect(void *self, void *other) {
    us_processor *p = US_OBJECT(us_processor, connection, self);
    if (!other) return V3_INVALID_ARG;
    if (p->peer) return V3_FALSE;
    p->peer = other;
    V3_CALL0(p->peer, add_ref);
    send_instance_id(p->host, p->peer, p->inst->id);
    return V3_OK;
}

static v3_result disconnect(void *self, void *other) {
    us_processor *p = US_OBJECT(us_processor, connection, self);
    if (!p->peer || (other && other != (void *)p->peer)) return V3_INVALID_ARG;
    V3_CALL0(p->peer, release);
    p->peer = NULL;
    return V3_OK;
}

static v3_result notify(void *self, v3_message *message) { (void)self; return message ? V3_OK : V3_INVALID_ARG; }

/* ---- vtables ------------------------------------------------------------------------------------- */

static const struct v3_component_vtbl component_vtbl = {
    component_query, component_retain, component_release,
    initialize, terminate,
    get_controller_class_id, set_io_mode, get_bus_count, get_bus_info, get_routing_info,
    activate_bus, set_active, set_state, get_state,
};
static const struct v3_audio_processor_vtbl audio_vtbl = {
    audio_query, audio_retain, audio_release,
    set_bus_arrangements, get_bus_arrangement, can_process_sample_size, get_latency_samples,
    setup_processing, set_processing, process, get_tail_samples,
};
static const struct v3_process_context_requirements_vtbl context_req_vtbl = {
    context_req_query, context_req_retain, context_req_release, get_process_context_requirements,
};
static const struct v3_connection_point_vtbl connection_vtbl = {
    connection_query, connection_retain, connection_release, connect, disconnect, notify,
};

void *us_processor_create(void) {
    us_processor *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->inst = us_instance_create();
    if (!p->inst) { free(p); return NULL; }
    p->component = &component_vtbl;
    p->audio = &audio_vtbl;
    p->context_req = &context_req_vtbl;
    p->connection = &connection_vtbl;
    atomic_init(&p->refs, 1);
    return &p->component;
}
