/* Instance lifetime, registry, snapshots with hazard-pointer reclamation, and the event queue. */
#include "instance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jvm.h"
#include "log.h"
#include "state.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static us_instance *registry;
static int64_t next_id = 1;

static double bits_to_double(int64_t bits) { double d; memcpy(&d, &bits, sizeof d); return d; }
static int64_t double_to_bits(double d) { int64_t b; memcpy(&b, &d, sizeof b); return b; }

double us_param_get(us_instance *inst, int id) { return bits_to_double(atomic_load(&inst->params[id])); }
void us_param_set(us_instance *inst, int id, double v) { atomic_store(&inst->params[id], double_to_bits(v)); }

double us_gain_linear(double normalised) {
    if (normalised <= 0.0) return 0.0;
    const double db = -60.0 + 72.0 * (normalised > 1.0 ? 1.0 : normalised);
    return pow(10.0, db / 20.0);
}

us_instance *us_instance_create(void) {
    us_instance *inst = calloc(1, sizeof *inst);
    if (!inst) return NULL;
    atomic_init(&inst->refs, 1);
    pthread_mutex_init(&inst->lock, NULL);
    atomic_init(&inst->offline_gave_up, -1);
    us_param_set(inst, US_PARAM_GAIN, US_GAIN_DEFAULT);
    us_param_set(inst, US_PARAM_BYPASS, 0.0);
    inst->rt_gain = (float)us_gain_linear(US_GAIN_DEFAULT);
    inst->rt_active = 1.0f;
    pthread_mutex_lock(&registry_lock);
    inst->id = next_id++;
    inst->next = registry;
    registry = inst;
    pthread_mutex_unlock(&registry_lock);
    return inst;
}

void us_instance_retain(us_instance *inst) { atomic_fetch_add(&inst->refs, 1); }

static void unregister(us_instance *inst) {
    pthread_mutex_lock(&registry_lock);
    for (us_instance **p = &registry; *p; p = &(*p)->next) {
        if (*p == inst) { *p = inst->next; break; }
    }
    pthread_mutex_unlock(&registry_lock);
}

void us_instance_release(us_instance *inst) {
    if (!inst || atomic_fetch_sub(&inst->refs, 1) != 1) return;
    us_snapshot_free(atomic_load(&inst->current));
    for (us_snapshot *s = inst->retired, *next; s; s = next) { next = s->next_retired; us_snapshot_free(s); }
    free(inst->payload);
    pthread_mutex_destroy(&inst->lock);
    free(inst);
}

us_instance *us_instance_find(int64_t id) {
    us_instance *found = NULL;
    pthread_mutex_lock(&registry_lock);
    for (us_instance *p = registry; p; p = p->next) {
        if (p->id == id) { found = p; us_instance_retain(p); break; }
    }
    pthread_mutex_unlock(&registry_lock);
    return found;
}

void us_instance_close(us_instance *inst) {
    unregister(inst);
    if (atomic_load(&inst->announced)) us_events_push(US_EVENT_CLOSED, inst, 0, 0);
    us_instance_release(inst);
}

void us_instance_announce(us_instance *inst) {
    if (atomic_exchange(&inst->announced, 1)) return;
    us_jvm_request();
    us_instance_retain(inst);                    /* Java's reference, dropped after CLOSED */
    us_events_push(US_EVENT_OPENED, inst, 0, 0);
    us_jvm_wait_if_asked();
}

void us_instance_set_sample_rate(us_instance *inst, double rate) {
    const int64_t old = atomic_exchange(&inst->sample_rate_bits, double_to_bits(rate));
    if (bits_to_double(old) == rate) return;
    atomic_fetch_add(&inst->generation, 1);
    if (atomic_load(&inst->announced)) us_events_push(US_EVENT_SETUP_CHANGED, inst, 0, 0);
}

void us_instance_load_state(us_instance *inst, const double params[US_PARAM_COUNT],
                            const uint8_t *payload, int32_t len) {
    uint8_t *copy = NULL;
    if (len > 0 && (copy = malloc((size_t)len))) memcpy(copy, payload, (size_t)len);
    pthread_mutex_lock(&inst->lock);
    free(inst->payload);
    inst->payload = copy;
    inst->payload_len = copy ? len : 0;
    atomic_fetch_add(&inst->generation, 1);
    pthread_mutex_unlock(&inst->lock);
    for (int i = 0; i < US_PARAM_COUNT; i++) us_param_set(inst, i, params[i]);
    if (atomic_load(&inst->announced)) us_events_push(US_EVENT_STATE_CHANGED, inst, 0, 0);
    else us_instance_announce(inst);             /* OPENED makes Java read the payload anyway */
}

uint8_t *us_instance_save_state(us_instance *inst, int32_t *len) {
    double params[US_PARAM_COUNT];
    for (int i = 0; i < US_PARAM_COUNT; i++) params[i] = us_param_get(inst, i);
    pthread_mutex_lock(&inst->lock);
    uint8_t *blob = us_state_encode(params, inst->payload, inst->payload_len, len);
    pthread_mutex_unlock(&inst->lock);
    return blob;
}

/* ---- bridge.h: instance calls from Java --------------------------------------------------- */

double us_instance_sample_rate(us_instance *inst) { return bits_to_double(atomic_load(&inst->sample_rate_bits)); }

int64_t us_instance_generation(us_instance *inst) { return atomic_load(&inst->generation); }

int32_t us_instance_payload(us_instance *inst, uint8_t *buf, int32_t cap, int64_t *generation) {
    pthread_mutex_lock(&inst->lock);
    const int32_t len = inst->payload_len;
    if (buf && cap >= len && len > 0) memcpy(buf, inst->payload, (size_t)len);
    if (generation) *generation = atomic_load(&inst->generation);
    pthread_mutex_unlock(&inst->lock);
    return len;
}

int64_t us_instance_set_payload(us_instance *inst, const uint8_t *buf, int32_t len) {
    uint8_t *copy = NULL;
    if (len < 0 || (len > 0 && !(copy = malloc((size_t)len)))) return -1;
    if (len > 0) memcpy(copy, buf, (size_t)len);
    pthread_mutex_lock(&inst->lock);
    free(inst->payload);
    inst->payload = copy;
    inst->payload_len = len;
    const int64_t gen = atomic_fetch_add(&inst->generation, 1) + 1;
    pthread_mutex_unlock(&inst->lock);
    return gen;
}

void us_instance_transport(us_instance *inst, int64_t out[4]) {
    out[0] = atomic_load_explicit(&inst->t_pos, memory_order_relaxed);
    out[1] = atomic_load_explicit(&inst->t_state, memory_order_relaxed);
    out[2] = atomic_load_explicit(&inst->t_tempo_milli, memory_order_relaxed);
    out[3] = atomic_load_explicit(&inst->t_mode, memory_order_relaxed);
}

int64_t us_instance_offline_gave_up(us_instance *inst) { return atomic_load(&inst->offline_gave_up); }

void us_instance_request_editor_size(us_instance *inst, int32_t width, int32_t height) {
    if (width <= 0 || height <= 0) return;
    atomic_store(&inst->editor_size_request, ((int64_t)width << 32) | (uint32_t)height);
}

/* Frees retired snapshots that the audio thread is not reading. Caller holds inst->lock. */
static void reclaim_locked(us_instance *inst) {
    us_snapshot *in_use = atomic_load(&inst->hazard);
    us_snapshot **p = &inst->retired;
    while (*p) {
        us_snapshot *s = *p;
        if (s == in_use) { p = &s->next_retired; continue; }
        *p = s->next_retired;
        us_snapshot_free(s);
    }
}

int32_t us_instance_publish(us_instance *inst, us_clip **clips, const int64_t *starts, const uint8_t *fresh,
                            int32_t count, double sample_rate, int64_t generation, int32_t complete) {
    us_snapshot *s = us_snapshot_create(clips, starts, fresh, count, sample_rate, generation, complete);
    if (!s) return -1;
    us_snapshot *old = atomic_exchange(&inst->current, s);
    pthread_mutex_lock(&inst->lock);
    if (old) { old->next_retired = inst->retired; inst->retired = old; }
    reclaim_locked(inst);
    pthread_mutex_unlock(&inst->lock);
    return 0;
}

/* ---- audio thread --------------------------------------------------------------------------- */

us_snapshot *us_instance_begin_read(us_instance *inst) {
    us_snapshot *s;
    do {                                         /* classic hazard pointer: publish, then re-check */
        s = atomic_load(&inst->current);
        atomic_store(&inst->hazard, s);
    } while (s != atomic_load(&inst->current));
    return s;
}

void us_instance_end_read(us_instance *inst) { atomic_store(&inst->hazard, NULL); }

static int64_t offline_timeout_ns(void) {
    static int64_t cached = -1;                  /* read once; getenv is not called per block after */
    if (cached < 0) {
        const char *v = getenv("UNDERSTUDY_OFFLINE_TIMEOUT_MS");
        cached = (v && atoll(v) > 0 ? atoll(v) : 120000) * 1000000LL;
    }
    return cached;
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* [audio-thread] Only reads the snapshot under the hazard pointer: Java may retire it meanwhile. */
static int timeline_ready(us_instance *inst, double rate) {
    const us_snapshot *s = us_instance_begin_read(inst);
    const int ready = s && s->complete && s->generation >= atomic_load(&inst->generation) && s->sample_rate == rate;
    us_instance_end_read(inst);
    return ready;
}

void us_instance_wait_offline(us_instance *inst, double rate) {
    if (timeline_ready(inst, rate)) return;
    const int64_t gen = atomic_load(&inst->generation);
    if (atomic_load(&inst->offline_gave_up) == gen) return;
    const int64_t timeout = offline_timeout_ns();
    const struct timespec tick = {0, 1000000};
    int64_t last_progress = now_ns();
    const us_snapshot *seen = atomic_load(&inst->current);   /* compared as an address, never read */
    while (!timeline_ready(inst, rate)) {
        const int status = us_jvm_status();
        if (status == US_JVM_NO_JAVA || status == US_JVM_FAILED) return;
        const us_snapshot *s = atomic_load(&inst->current);
        if (s != seen) { seen = s; last_progress = now_ns(); }
        if (now_ns() - last_progress > timeout) {
            atomic_store(&inst->offline_gave_up, gen);
            us_log("offline render: gave up waiting for rendered audio after %lld ms without progress "
                   "(generation %lld); exporting what is ready", (long long)(timeout / 1000000), (long long)gen);
            return;
        }
        nanosleep(&tick, NULL);
    }
}

/* ---- the event queue ------------------------------------------------------------------------ */

typedef struct us_event_node {
    int64_t data[4];
    struct us_event_node *next;
} us_event_node;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static us_event_node *queue_head, *queue_tail;

static void drop_event(us_event_node *n) {
    if (n->data[0] == US_EVENT_OPENED) us_instance_release((us_instance *)(intptr_t)n->data[1]);
    free(n);
}

void us_events_push(int32_t kind, us_instance *inst, int64_t a, int64_t b) {
    us_event_node *n = malloc(sizeof *n);
    if (!n) { us_log("out of memory queueing event %d", kind); return; }
    n->data[0] = kind;
    n->data[1] = (int64_t)(intptr_t)inst;
    n->data[2] = a;
    n->data[3] = b;
    n->next = NULL;
    const int status = us_jvm_status();
    if (status == US_JVM_NO_JAVA || status == US_JVM_FAILED) { drop_event(n); return; }
    pthread_mutex_lock(&queue_lock);
    if (queue_tail) queue_tail->next = n; else queue_head = n;
    queue_tail = n;
    pthread_cond_signal(&queue_cond);
    pthread_mutex_unlock(&queue_lock);
}

void us_events_discard(void) {
    pthread_mutex_lock(&queue_lock);
    us_event_node *n = queue_head;
    queue_head = queue_tail = NULL;
    pthread_mutex_unlock(&queue_lock);
    while (n) { us_event_node *next = n->next; drop_event(n); n = next; }
}

int32_t us_bridge_next_event(int32_t timeout_ms, int64_t out[4]) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&queue_lock);
    while (!queue_head && pthread_cond_timedwait(&queue_cond, &queue_lock, &deadline) == 0) {}
    us_event_node *n = queue_head;
    if (n) { queue_head = n->next; if (!queue_head) queue_tail = NULL; }
    pthread_mutex_unlock(&queue_lock);
    if (!n) { memset(out, 0, 4 * sizeof(int64_t)); return US_EVENT_NONE; }
    memcpy(out, n->data, sizeof n->data);
    free(n);
    return (int32_t)out[0];
}

int32_t us_bridge_api_version(void) { return US_BRIDGE_API_VERSION; }
