/* See mini_host.h. Plain C11 + POSIX; every host object here is a small COM-style struct. */
#define _GNU_SOURCE
#include "mini_host.h"

#include <dlfcn.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define IID_IS(iid, ...) (memcmp((iid), (const uint8_t[16])__VA_ARGS__, 16) == 0)
#define OBJECT(type, field, self) ((type *)((char *)(self) - offsetof(type, field)))

/* ---- small helpers ------------------------------------------------------------------------ */

int64_t mh_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void mh_sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void mh_to_utf16(v3_char16 *dst, const char *src, int cap) {
    int i = 0;
    for (; src[i] && i < cap - 1; i++) dst[i] = (v3_char16)(unsigned char)src[i];
    dst[i] = 0;
}

void mh_from_utf16(char *dst, const v3_char16 *src, int cap) {
    int i = 0;
    for (; src[i] && i < cap - 1; i++) dst[i] = src[i] > 0 && src[i] < 128 ? (char)src[i] : '?';
    dst[i] = 0;
}

/* ---- IAttributeList ----------------------------------------------------------------------- */

enum { ATTR_INT, ATTR_FLOAT, ATTR_STRING, ATTR_BINARY };

typedef struct attr {
    struct attr *next;
    char *key;
    int type;
    int64_t i;
    double f;
    void *data;                        /* string (UTF-16, with terminator) or binary */
    uint32_t size;                     /* bytes in data */
} attr;

typedef struct attr_list {
    const struct v3_attribute_list_vtbl *vtbl;
    atomic_int refs;
    attr *head;
} attr_list;

static attr *attr_find(attr_list *l, const char *key) {
    for (attr *a = l->head; a; a = a->next)
        if (strcmp(a->key, key) == 0) return a;
    return NULL;
}

/* The entry for key, emptied and typed; NULL when out of memory. */
static attr *attr_slot(attr_list *l, const char *key, int type) {
    if (!key) return NULL;
    attr *a = attr_find(l, key);
    if (!a) {
        a = calloc(1, sizeof *a);
        if (!a || !(a->key = strdup(key))) { free(a); return NULL; }
        a->next = l->head;
        l->head = a;
    }
    free(a->data);
    a->data = NULL;
    a->size = 0;
    a->type = type;
    return a;
}

static v3_result attrs_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_ATTRIBUTE_LIST)) {
        atomic_fetch_add(&((attr_list *)self)->refs, 1);
        *obj = self;
        return V3_OK;
    }
    *obj = NULL;
    return V3_NO_INTERFACE;
}

static uint32_t attrs_add_ref(void *self) { return (uint32_t)atomic_fetch_add(&((attr_list *)self)->refs, 1) + 1; }

static uint32_t attrs_release(void *self) {
    attr_list *l = self;
    const int left = atomic_fetch_sub(&l->refs, 1) - 1;
    if (left == 0) {
        for (attr *a = l->head, *next; a; a = next) { next = a->next; free(a->key); free(a->data); free(a); }
        free(l);
    }
    return (uint32_t)left;
}

static v3_result set_int(void *self, const char *id, int64_t v) {
    attr *a = attr_slot(self, id, ATTR_INT);
    if (!a) return V3_INVALID_ARG;
    a->i = v;
    return V3_OK;
}

static v3_result get_int(void *self, const char *id, int64_t *v) {
    attr *a = id && v ? attr_find(self, id) : NULL;
    if (!a || a->type != ATTR_INT) return V3_FALSE;
    *v = a->i;
    return V3_OK;
}

static v3_result set_float(void *self, const char *id, double v) {
    attr *a = attr_slot(self, id, ATTR_FLOAT);
    if (!a) return V3_INVALID_ARG;
    a->f = v;
    return V3_OK;
}

static v3_result get_float(void *self, const char *id, double *v) {
    attr *a = id && v ? attr_find(self, id) : NULL;
    if (!a || a->type != ATTR_FLOAT) return V3_FALSE;
    *v = a->f;
    return V3_OK;
}

static v3_result set_binary(void *self, const char *id, const void *data, uint32_t size) {
    attr *a = attr_slot(self, id, ATTR_BINARY);
    if (!a || (size && !data)) return V3_INVALID_ARG;
    if (size && !(a->data = malloc(size))) return V3_NOMEM;
    if (size) memcpy(a->data, data, size);
    a->size = size;
    return V3_OK;
}

static v3_result get_binary(void *self, const char *id, const void **data, uint32_t *size) {
    attr *a = id && data && size ? attr_find(self, id) : NULL;
    if (!a || a->type != ATTR_BINARY) return V3_FALSE;
    *data = a->data;
    *size = a->size;
    return V3_OK;
}

static v3_result set_string(void *self, const char *id, const v3_char16 *s) {
    if (!s) return V3_INVALID_ARG;
    uint32_t n = 0;
    while (s[n]) n++;
    v3_result r = set_binary(self, id, s, (n + 1) * (uint32_t)sizeof(v3_char16));
    if (r == V3_OK) attr_find(self, id)->type = ATTR_STRING;
    return r;
}

static v3_result get_string(void *self, const char *id, v3_char16 *out, uint32_t size_bytes) {
    attr *a = id && out ? attr_find(self, id) : NULL;
    if (!a || a->type != ATTR_STRING || size_bytes < sizeof(v3_char16)) return V3_FALSE;
    const uint32_t n = a->size < size_bytes ? a->size : size_bytes;
    memcpy(out, a->data, n);
    out[size_bytes / sizeof(v3_char16) - 1] = 0;
    return V3_OK;
}

static const struct v3_attribute_list_vtbl attrs_vtbl = {
    attrs_query, attrs_add_ref, attrs_release,
    set_int, get_int, set_float, get_float, set_string, get_string, set_binary, get_binary,
};

static attr_list *attrs_new(void) {
    attr_list *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->vtbl = &attrs_vtbl;
    atomic_init(&l->refs, 1);
    return l;
}

/* ---- IMessage ------------------------------------------------------------------------------ */

#define SEEN_MAX 16
static atomic_int messages_created;
static char seen_ids[SEEN_MAX][64];                /* message ids of released messages */
static int seen_count;

typedef struct message {
    const struct v3_message_vtbl *vtbl;
    atomic_int refs;
    char *id;
    attr_list *attrs;
} message;

static v3_result message_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_MESSAGE)) {
        atomic_fetch_add(&((message *)self)->refs, 1);
        *obj = self;
        return V3_OK;
    }
    *obj = NULL;
    return V3_NO_INTERFACE;
}

static uint32_t message_add_ref(void *self) { return (uint32_t)atomic_fetch_add(&((message *)self)->refs, 1) + 1; }

static uint32_t message_release(void *self) {
    message *m = self;
    const int left = atomic_fetch_sub(&m->refs, 1) - 1;
    if (left == 0) {
        if (m->id && seen_count < SEEN_MAX) snprintf(seen_ids[seen_count++], sizeof seen_ids[0], "%s", m->id);
        attrs_release(m->attrs);
        free(m->id);
        free(m);
    }
    return (uint32_t)left;
}

static const char *get_message_id(void *self) { return ((message *)self)->id; }

static void set_message_id(void *self, const char *id) {
    message *m = self;
    free(m->id);
    m->id = id ? strdup(id) : NULL;
}

static v3_attribute_list *get_attributes(void *self) { return (v3_attribute_list *)((message *)self)->attrs; }

static const struct v3_message_vtbl message_vtbl = {
    message_query, message_add_ref, message_release, get_message_id, set_message_id, get_attributes,
};

static message *message_new(void) {
    message *m = calloc(1, sizeof *m);
    if (!m || !(m->attrs = attrs_new())) { free(m); return NULL; }
    m->vtbl = &message_vtbl;
    atomic_init(&m->refs, 1);
    atomic_fetch_add(&messages_created, 1);
    return m;
}

int mh_messages_created(void) { return atomic_load(&messages_created); }

int mh_messages_seen(const char *message_id) {
    int n = 0;
    for (int i = 0; i < seen_count; i++) n += strcmp(seen_ids[i], message_id) == 0;
    return n;
}

v3_message *mh_message_new(const char *message_id, const char *attr_name, int64_t value) {
    message *m = message_new();
    if (!m) return NULL;
    set_message_id(m, message_id);
    set_int(m->attrs, attr_name, value);
    return (v3_message *)m;
}

/* ---- IHostApplication: a static object ---------------------------------------------------- */

static v3_result host_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_HOST_APPLICATION)) { *obj = self; return V3_OK; }
    *obj = NULL;
    return V3_NO_INTERFACE;
}
static uint32_t host_add_ref(void *self) { (void)self; return 2; }
static uint32_t host_release(void *self) { (void)self; return 1; }

static v3_result host_get_name(void *self, v3_str128 name) {
    (void)self;
    mh_to_utf16(name, "Understudy mini host", 128);
    return V3_OK;
}

/* Makes an IMessage or IAttributeList; the class id decides, the iid must fit it. */
static v3_result host_create_instance(void *self, const v3_tuid cid, const v3_tuid iid, void **obj) {
    (void)self;
    *obj = NULL;
    void *made = NULL;
    if (IID_IS(cid, V3_IID_MESSAGE) && (IID_IS(iid, V3_IID_MESSAGE) || IID_IS(iid, V3_IID_FUNKNOWN)))
        made = message_new();
    else if (IID_IS(cid, V3_IID_ATTRIBUTE_LIST) && (IID_IS(iid, V3_IID_ATTRIBUTE_LIST) || IID_IS(iid, V3_IID_FUNKNOWN)))
        made = attrs_new();
    else
        return V3_NO_INTERFACE;
    if (!made) return V3_NOMEM;
    *obj = made;
    return V3_OK;
}

static const struct v3_host_application_vtbl host_vtbl = {
    host_query, host_add_ref, host_release, host_get_name, host_create_instance,
};
static v3_host_application host_app = {&host_vtbl};

v3_funknown *mh_host_context(void) { return (v3_funknown *)&host_app; }

/* ---- module loading ------------------------------------------------------------------------ */

static void bridge_sym(mh_module *m, void **slot, const char *name) {
    *slot = dlsym(m->lib, name);
    if (*slot) return;
    m->bridge_complete = 0;
    size_t used = strlen(m->missing);
    snprintf(m->missing + used, sizeof m->missing - used, "%s%s", used ? " " : "", name);
}

static void resolve_bridge(mh_module *m) {
    mh_bridge *b = &m->bridge;
    m->bridge_complete = 1;
    m->missing[0] = 0;
#define B(field, name) bridge_sym(m, (void **)&b->field, name)
    B(api_version, "us_bridge_api_version");
    B(ready, "us_bridge_ready");
    B(next_event, "us_bridge_next_event");
    B(boot_nanos, "us_bridge_boot_nanos");
    B(instance_release, "us_instance_release");
    B(sample_rate, "us_instance_sample_rate");
    B(generation, "us_instance_generation");
    B(payload, "us_instance_payload");
    B(set_payload, "us_instance_set_payload");
    B(transport, "us_instance_transport");
    B(offline_gave_up, "us_instance_offline_gave_up");
    B(request_editor_size, "us_instance_request_editor_size");
    B(clip_create, "us_clip_create");
    B(clip_channel, "us_clip_channel");
    B(clip_release, "us_clip_release");
    B(publish, "us_instance_publish");
#undef B
}

int mh_load(mh_module *m, const char *path, char *err, size_t err_cap) {
    memset(m, 0, sizeof *m);
    m->lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!m->lib) { snprintf(err, err_cap, "dlopen: %s", dlerror()); return -1; }
    _Bool (*entry)(void *) = NULL;
    void *(*get_factory)(void) = NULL;
    *(void **)&entry = dlsym(m->lib, "ModuleEntry");
    *(void **)&get_factory = dlsym(m->lib, "GetPluginFactory");
    if (!entry || !get_factory || !dlsym(m->lib, "ModuleExit")) {
        snprintf(err, err_cap, "%s lacks ModuleEntry/ModuleExit/GetPluginFactory", path);
        dlclose(m->lib);
        return -1;
    }
    if (!entry(m->lib)) { snprintf(err, err_cap, "ModuleEntry returned false"); dlclose(m->lib); return -1; }
    m->factory = get_factory();
    if (!m->factory) { snprintf(err, err_cap, "GetPluginFactory returned NULL"); dlclose(m->lib); return -1; }
    resolve_bridge(m);
    return 0;
}

void mh_unload(mh_module *m) {
    if (!m->lib) return;
    if (m->factory) V3_CALL0(m->factory, release);
    _Bool (*exit_fn)(void) = NULL;
    *(void **)&exit_fn = dlsym(m->lib, "ModuleExit");
    if (exit_fn) exit_fn();
    dlclose(m->lib);
    memset(m, 0, sizeof *m);
}

/* ---- processor + controller ------------------------------------------------------------------ */

static void *query(void *obj, const uint8_t iid[16]) {
    void *out = NULL;
    v3_funknown *u = obj;
    if (!u || u->vtbl->query_interface(u, iid, &out) != V3_OK) return NULL;
    return out;
}

/* Index of the first class of `category`, or -1. */
static int find_class(mh_factory *f, const char *category, v3_class_info *out) {
    const int32_t n = V3_CALL0(f, num_classes);
    for (int32_t i = 0; i < n; i++) {
        if (V3_CALL(f, get_class_info, i, out) == V3_OK && strcmp(out->category, category) == 0) return i;
    }
    return -1;
}

static void *create(mh_factory *f, const uint8_t cid[16], const uint8_t iid[16]) {
    void *obj = NULL;
    if (V3_CALL(f, create_instance, (const char *)cid, (const char *)iid, &obj) != V3_OK) return NULL;
    return obj;
}

static int create_controller(mh_module *m, mh_plugin *p, char *err, size_t cap) {
    v3_tuid cid;
    if (V3_CALL(p->component, get_controller_class_id, cid) != V3_OK) { snprintf(err, cap, "no controller class id"); return -1; }
    p->controller = create(m->factory, cid, (const uint8_t[16])V3_IID_EDIT_CONTROLLER);
    if (!p->controller) { snprintf(err, cap, "cannot create the controller"); return -1; }
    if (V3_CALL(p->controller, initialize, mh_host_context()) != V3_OK) { snprintf(err, cap, "controller initialize failed"); return -1; }
    p->processor_cp = query(p->component, (const uint8_t[16])V3_IID_CONNECTION_POINT);
    p->controller_cp = query(p->controller, (const uint8_t[16])V3_IID_CONNECTION_POINT);
    if (!p->processor_cp || !p->controller_cp) { snprintf(err, cap, "no IConnectionPoint"); return -1; }
    if (V3_CALL(p->processor_cp, connect, p->controller_cp) != V3_OK ||
        V3_CALL(p->controller_cp, connect, p->processor_cp) != V3_OK) {
        snprintf(err, cap, "connect failed");
        return -1;
    }
    return 0;
}

int mh_plugin_create(mh_module *m, mh_plugin *p, int with_controller, char *err, size_t cap) {
    memset(p, 0, sizeof *p);
    v3_class_info info;
    if (find_class(m->factory, "Audio Module Class", &info) < 0) { snprintf(err, cap, "no Audio Module Class"); return -1; }
    p->component = create(m->factory, info.cid, (const uint8_t[16])V3_IID_COMPONENT);
    if (!p->component) { snprintf(err, cap, "cannot create the processor"); return -1; }
    if (V3_CALL(p->component, initialize, mh_host_context()) != V3_OK) { snprintf(err, cap, "processor initialize failed"); goto fail; }
    p->audio = query(p->component, (const uint8_t[16])V3_IID_AUDIO_PROCESSOR);
    if (!p->audio) { snprintf(err, cap, "no IAudioProcessor"); goto fail; }
    if (with_controller && create_controller(m, p, err, cap) != 0) goto fail;
    return 0;
fail:
    mh_plugin_destroy(p);
    return -1;
}

v3_result mh_plugin_setup(mh_plugin *p, double rate, int32_t max_block) {
    v3_process_setup setup = {V3_REALTIME, V3_SAMPLE32, max_block, rate};
    return V3_CALL(p->audio, setup_processing, &setup);
}

void mh_plugin_destroy(mh_plugin *p) {
    if (p->processor_cp && p->controller_cp) {
        V3_CALL(p->processor_cp, disconnect, p->controller_cp);
        V3_CALL(p->controller_cp, disconnect, p->processor_cp);
    }
    if (p->processor_cp) V3_CALL0(p->processor_cp, release);
    if (p->controller_cp) V3_CALL0(p->controller_cp, release);
    if (p->controller) { V3_CALL0(p->controller, terminate); V3_CALL0(p->controller, release); }
    if (p->audio) V3_CALL0(p->audio, release);
    if (p->component) {
        V3_CALL(p->component, set_active, 0);
        V3_CALL0(p->component, terminate);
        V3_CALL0(p->component, release);
    }
    memset(p, 0, sizeof *p);
}

/* ---- IBStream in memory ---------------------------------------------------------------------- */

struct mh_stream {
    const struct v3_bstream_vtbl *vtbl;
    uint8_t *data;
    int64_t size, cap, pos;
};

static v3_result stream_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_BSTREAM)) { *obj = self; return V3_OK; }
    *obj = NULL;
    return V3_NO_INTERFACE;
}
/* Owned by the test (mh_stream_free): reference counting is a no-op. */
static uint32_t stream_add_ref(void *self) { (void)self; return 2; }
static uint32_t stream_release(void *self) { (void)self; return 1; }

static v3_result stream_read(void *self, void *buf, int32_t n, int32_t *got) {
    mh_stream *s = self;
    if (n < 0 || (n > 0 && !buf)) return V3_INVALID_ARG;
    int64_t avail = s->size - s->pos;
    const int32_t k = avail < n ? (int32_t)(avail > 0 ? avail : 0) : n;
    if (k) memcpy(buf, s->data + s->pos, (size_t)k);
    s->pos += k;
    if (got) *got = k;
    return V3_OK;
}

static v3_result stream_write(void *self, void *buf, int32_t n, int32_t *put) {
    mh_stream *s = self;
    if (n < 0 || (n > 0 && !buf)) return V3_INVALID_ARG;
    const int64_t end = s->pos + n;
    if (end > s->cap) {
        int64_t cap = s->cap ? s->cap : 256;
        while (cap < end) cap *= 2;
        uint8_t *grown = realloc(s->data, (size_t)cap);
        if (!grown) return V3_NOMEM;
        memset(grown + s->cap, 0, (size_t)(cap - s->cap));
        s->data = grown;
        s->cap = cap;
    }
    if (n) memcpy(s->data + s->pos, buf, (size_t)n);
    s->pos = end;
    if (end > s->size) s->size = end;
    if (put) *put = n;
    return V3_OK;
}

static v3_result stream_seek(void *self, int64_t pos, int32_t mode, int64_t *result) {
    mh_stream *s = self;
    const int64_t base = mode == V3_SEEK_SET ? 0 : mode == V3_SEEK_CUR ? s->pos : mode == V3_SEEK_END ? s->size : -1;
    if (base < 0 || base + pos < 0) return V3_INVALID_ARG;
    s->pos = base + pos;
    if (result) *result = s->pos;
    return V3_OK;
}

static v3_result stream_tell(void *self, int64_t *pos) {
    if (!pos) return V3_INVALID_ARG;
    *pos = ((mh_stream *)self)->pos;
    return V3_OK;
}

static const struct v3_bstream_vtbl stream_vtbl = {
    stream_query, stream_add_ref, stream_release, stream_read, stream_write, stream_seek, stream_tell,
};

mh_stream *mh_stream_new(const uint8_t *initial, int64_t len) {
    mh_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->vtbl = &stream_vtbl;
    if (initial && len > 0) {
        int32_t put;
        if (stream_write(s, (void *)initial, (int32_t)len, &put) != V3_OK) { free(s); return NULL; }
        s->pos = 0;
    }
    return s;
}

v3_bstream *mh_stream_api(mh_stream *s) { return (v3_bstream *)s; }

const uint8_t *mh_stream_data(mh_stream *s, int64_t *len) {
    if (len) *len = s->size;
    return s->data;
}

void mh_stream_rewind(mh_stream *s) { s->pos = 0; }

void mh_stream_free(mh_stream *s) {
    if (!s) return;
    free(s->data);
    free(s);
}

/* ---- IParameterChanges / IParamValueQueue -------------------------------------------------- */

static v3_result pc_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_PARAMETER_CHANGES)) { *obj = self; return V3_OK; }
    *obj = NULL;
    return V3_NO_INTERFACE;
}
static v3_result pq_query(void *self, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_PARAM_VALUE_QUEUE)) { *obj = self; return V3_OK; }
    *obj = NULL;
    return V3_NO_INTERFACE;
}
static uint32_t no_ref(void *self) { (void)self; return 1; }

static v3_param_id pq_id(void *self) { return ((mh_param_queue *)self)->id; }
static int32_t pq_count(void *self) { return ((mh_param_queue *)self)->count; }

static v3_result pq_get(void *self, int32_t i, int32_t *offset, double *value) {
    mh_param_queue *q = self;
    if (i < 0 || i >= q->count || !offset || !value) return V3_INVALID_ARG;
    *offset = q->offsets[i];
    *value = q->values[i];
    return V3_OK;
}

static v3_result pq_add(void *self, int32_t offset, double value, int32_t *index) {
    mh_param_queue *q = self;
    if (q->count >= MH_MAX_POINTS) return V3_FALSE;
    q->offsets[q->count] = offset;
    q->values[q->count] = value;
    if (index) *index = q->count;
    q->count++;
    return V3_OK;
}

static const struct v3_param_value_queue_vtbl pq_vtbl = {pq_query, no_ref, no_ref, pq_id, pq_count, pq_get, pq_add};

static int32_t pc_count(void *self) { return ((mh_param_changes *)self)->count; }

static v3_param_value_queue *pc_get(void *self, int32_t i) {
    mh_param_changes *c = self;
    return i >= 0 && i < c->count ? (v3_param_value_queue *)&c->queues[i] : NULL;
}

static v3_param_value_queue *pc_add(void *self, const v3_param_id *id, int32_t *index) {
    mh_param_changes *c = self;
    for (int32_t i = 0; i < c->count; i++) {
        if (c->queues[i].id == *id) { if (index) *index = i; return (v3_param_value_queue *)&c->queues[i]; }
    }
    if (c->count >= MH_MAX_QUEUES) return NULL;
    mh_param_queue *q = &c->queues[c->count];
    q->vtbl = &pq_vtbl;
    q->id = *id;
    q->count = 0;
    if (index) *index = c->count;
    c->count++;
    return (v3_param_value_queue *)q;
}

static const struct v3_parameter_changes_vtbl pc_vtbl = {pc_query, no_ref, no_ref, pc_count, pc_get, pc_add};

void mh_params_init(mh_param_changes *c) {
    memset(c, 0, sizeof *c);
    c->vtbl = &pc_vtbl;
}

int mh_params_add(mh_param_changes *c, v3_param_id id, int32_t offset, double value) {
    v3_param_value_queue *q = pc_add(c, &id, NULL);
    return q && pq_add(q, offset, value, NULL) == V3_OK ? 0 : -1;
}

v3_parameter_changes *mh_params_api(mh_param_changes *c) { return (v3_parameter_changes *)c; }

/* ---- process data ---------------------------------------------------------------------------- */

int mh_process_init(mh_process *p, int32_t max_frames, double rate) {
    memset(p, 0, sizeof *p);
    p->left = calloc((size_t)max_frames, sizeof(float));
    p->right = calloc((size_t)max_frames, sizeof(float));
    if (!p->left || !p->right) { mh_process_free(p); return -1; }
    p->max_frames = max_frames;
    p->channels[0] = p->left;
    p->channels[1] = p->right;
    p->out.num_channels = 2;
    p->out.channels32 = p->channels;
    p->ctx.sample_rate = rate;
    p->ctx.tempo = 120.0;
    p->ctx.time_sig_numerator = 4;
    p->ctx.time_sig_denominator = 4;
    p->data.process_mode = V3_REALTIME;
    p->data.symbolic_sample_size = V3_SAMPLE32;
    p->data.num_outputs = 1;
    p->data.outputs = &p->out;
    p->data.context = &p->ctx;
    return 0;
}

void mh_process_block(mh_process *p, int64_t pos, int32_t n, int playing) {
    p->data.num_samples = n;
    p->data.input_params = NULL;
    p->out.silence_flags = 0;
    p->ctx.project_time_samples = pos;
    p->ctx.continuous_time_samples = pos;
    p->ctx.project_time_music = (double)pos / p->ctx.sample_rate * p->ctx.tempo / 60.0;
    p->ctx.state = V3_CTX_TEMPO_VALID | V3_CTX_PROJECT_TIME_MUSIC_VALID | V3_CTX_TIME_SIG_VALID |
                   V3_CTX_CONT_TIME_VALID | (playing ? V3_CTX_PLAYING : 0);
}

void mh_process_fill(mh_process *p, float value) {
    for (int32_t i = 0; i < p->max_frames; i++) p->left[i] = p->right[i] = value;
}

v3_result mh_process_run(mh_process *p, mh_plugin *plug) { return V3_CALL(plug->audio, process, &p->data); }

void mh_process_free(mh_process *p) {
    free(p->left);
    free(p->right);
    p->left = p->right = NULL;
}

/* ---- IPlugFrame + IRunLoop ------------------------------------------------------------------ */

#define MAX_TIMERS 16
#define MAX_FDS 16

struct mh_frame {
    const struct v3_plugin_frame_vtbl *frame;
    const struct v3_run_loop_vtbl *run_loop;
    struct { v3_timer_handler *h; uint64_t interval_ms; int64_t due_ns; } timers[MAX_TIMERS];
    struct { v3_event_handler *h; int fd; } fds[MAX_FDS];
    int resize_count;
    v3_view_rect last_resize;
    void (*on_resize)(void *user, const v3_view_rect *r);
    void *user;
};

static v3_result frame_query(mh_frame *f, const v3_tuid iid, void **obj) {
    if (IID_IS(iid, V3_IID_FUNKNOWN) || IID_IS(iid, V3_IID_PLUGIN_FRAME)) { *obj = &f->frame; return V3_OK; }
    if (IID_IS(iid, V3_IID_RUN_LOOP)) { *obj = &f->run_loop; return V3_OK; }
    *obj = NULL;
    return V3_NO_INTERFACE;
}
/* Owned by the test (mh_frame_free): reference counting is a no-op. */
static v3_result pf_query(void *self, const v3_tuid iid, void **obj) { return frame_query(OBJECT(mh_frame, frame, self), iid, obj); }
static v3_result rl_query(void *self, const v3_tuid iid, void **obj) { return frame_query(OBJECT(mh_frame, run_loop, self), iid, obj); }

static v3_result resize_view(void *self, v3_plugin_view *view, v3_view_rect *r) {
    mh_frame *f = OBJECT(mh_frame, frame, self);
    if (!view || !r) return V3_INVALID_ARG;
    f->resize_count++;
    f->last_resize = *r;
    if (f->on_resize) f->on_resize(f->user, r);
    return view->vtbl->on_size(view, r);
}

static v3_result register_event_handler(void *self, v3_event_handler *h, int fd) {
    mh_frame *f = OBJECT(mh_frame, run_loop, self);
    for (int i = 0; i < MAX_FDS; i++) {
        if (!f->fds[i].h) {
            f->fds[i].h = h;
            f->fds[i].fd = fd;
            V3_CALL0(h, add_ref);
            return V3_OK;
        }
    }
    return V3_FALSE;
}

static v3_result unregister_event_handler(void *self, v3_event_handler *h) {
    mh_frame *f = OBJECT(mh_frame, run_loop, self);
    v3_result r = V3_INVALID_ARG;
    for (int i = 0; i < MAX_FDS; i++) {
        if (f->fds[i].h == h) { f->fds[i].h = NULL; V3_CALL0(h, release); r = V3_OK; }
    }
    return r;
}

static v3_result register_timer(void *self, v3_timer_handler *h, uint64_t ms) {
    mh_frame *f = OBJECT(mh_frame, run_loop, self);
    for (int i = 0; i < MAX_TIMERS; i++) {
        if (!f->timers[i].h) {
            f->timers[i].h = h;
            f->timers[i].interval_ms = ms ? ms : 1;
            f->timers[i].due_ns = mh_now_ns() + (int64_t)f->timers[i].interval_ms * 1000000LL;
            V3_CALL0(h, add_ref);
            return V3_OK;
        }
    }
    return V3_FALSE;
}

static v3_result unregister_timer(void *self, v3_timer_handler *h) {
    mh_frame *f = OBJECT(mh_frame, run_loop, self);
    v3_result r = V3_INVALID_ARG;
    for (int i = 0; i < MAX_TIMERS; i++) {
        if (f->timers[i].h == h) { f->timers[i].h = NULL; V3_CALL0(h, release); r = V3_OK; }
    }
    return r;
}

static const struct v3_plugin_frame_vtbl frame_vtbl = {pf_query, no_ref, no_ref, resize_view};
static const struct v3_run_loop_vtbl run_loop_vtbl = {
    rl_query, no_ref, no_ref, register_event_handler, unregister_event_handler, register_timer, unregister_timer,
};

mh_frame *mh_frame_new(void) {
    mh_frame *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->frame = &frame_vtbl;
    f->run_loop = &run_loop_vtbl;
    return f;
}

v3_plugin_frame *mh_frame_api(mh_frame *f) { return (v3_plugin_frame *)&f->frame; }

/* One pass: calls every due timer (a handler may unregister itself), then the ready fds. */
static void pump_once(mh_frame *f, int wait_ms) {
    const int64_t now = mh_now_ns();
    for (int i = 0; i < MAX_TIMERS; i++) {
        v3_timer_handler *h = f->timers[i].h;
        if (!h || now < f->timers[i].due_ns) continue;
        f->timers[i].due_ns = now + (int64_t)f->timers[i].interval_ms * 1000000LL;
        V3_CALL0(h, add_ref);
        h->vtbl->on_timer(h);
        V3_CALL0(h, release);
    }
    struct pollfd pfd[MAX_FDS];
    v3_event_handler *who[MAX_FDS];
    int n = 0;
    for (int i = 0; i < MAX_FDS; i++) {
        if (!f->fds[i].h) continue;
        pfd[n] = (struct pollfd){f->fds[i].fd, POLLIN, 0};
        who[n++] = f->fds[i].h;
    }
    if (n == 0) { mh_sleep_ms(wait_ms); return; }
    if (poll(pfd, (nfds_t)n, wait_ms) <= 0) return;
    for (int i = 0; i < n; i++)
        if (pfd[i].revents) who[i]->vtbl->on_fd_is_set(who[i], pfd[i].fd);
}

void mh_frame_pump(mh_frame *f, int ms) {
    const int64_t end = mh_now_ns() + (int64_t)ms * 1000000LL;
    do pump_once(f, ms < 5 ? ms : 5);
    while (mh_now_ns() < end);
}

int mh_frame_timer_count(mh_frame *f) {
    int n = 0;
    for (int i = 0; i < MAX_TIMERS; i++) n += f->timers[i].h != NULL;
    return n;
}

int mh_frame_resize_requests(mh_frame *f, v3_view_rect *last) {
    if (last) *last = f->last_resize;
    return f->resize_count;
}

void mh_frame_on_resize(mh_frame *f, void (*fn)(void *user, const v3_view_rect *r), void *user) {
    f->on_resize = fn;
    f->user = user;
}

void mh_frame_free(mh_frame *f) {
    if (!f) return;
    for (int i = 0; i < MAX_TIMERS; i++) if (f->timers[i].h) V3_CALL0(f->timers[i].h, release);
    for (int i = 0; i < MAX_FDS; i++) if (f->fds[i].h) V3_CALL0(f->fds[i].h, release);
    free(f);
}

/* ---- events ------------------------------------------------------------------------------- */

int mh_wait_event(mh_module *m, int32_t kind, us_instance *inst, int timeout_ms, int64_t out[4]) {
    const int64_t end = mh_now_ns() + (int64_t)timeout_ms * 1000000LL;
    for (;;) {
        const int64_t left_ms = (end - mh_now_ns()) / 1000000LL;
        int64_t ev[4];
        const int32_t got = m->bridge.next_event(left_ms > 0 ? (int32_t)left_ms : 0, ev);
        if (got == US_EVENT_NONE) return 0;
        const int match = got == kind && (!inst || (us_instance *)(intptr_t)ev[1] == inst);
        if (match && out) memcpy(out, ev, sizeof ev);
        /* As Java does: after CLOSED, drop the reference OPENED handed over. */
        if (got == US_EVENT_CLOSED) m->bridge.instance_release((us_instance *)(intptr_t)ev[1]);
        if (match) return 1;
    }
}
