/* The edit controller: parameters (output gain, bypass), the component-state mirror, the editor.
 * It learns its processor's instance id from an IConnectionPoint message. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "instance.h"
#include "log.h"
#include "plugin.h"
#include "state.h"

typedef struct us_controller {
    const struct v3_edit_controller_vtbl *edit;
    const struct v3_connection_point_vtbl *connection;
    atomic_int refs;
    v3_funknown *host;
    v3_component_handler *handler;
    v3_connection_point *peer;
    double params[US_PARAM_COUNT];       /* [host-main-thread] normalised values */
    atomic_llong instance_id;
} us_controller;

static v3_result query(us_controller *c, const v3_tuid iid, void **obj) {
    void *found = NULL;
    if (US_IID_IS(iid, V3_IID_FUNKNOWN) || US_IID_IS(iid, V3_IID_PLUGIN_BASE) || US_IID_IS(iid, V3_IID_EDIT_CONTROLLER))
        found = &c->edit;
    else if (US_IID_IS(iid, V3_IID_CONNECTION_POINT)) found = &c->connection;
    if (obj) *obj = found;
    if (!found) return V3_NO_INTERFACE;
    atomic_fetch_add(&c->refs, 1);
    return V3_OK;
}

static uint32_t retain(us_controller *c) { return (uint32_t)atomic_fetch_add(&c->refs, 1) + 1; }

static uint32_t release(us_controller *c) {
    const int left = atomic_fetch_sub(&c->refs, 1) - 1;
    if (left == 0) {
        if (c->peer) V3_CALL0(c->peer, release);
        if (c->handler) V3_CALL0(c->handler, release);
        if (c->host) V3_CALL0(c->host, release);
        free(c);
    }
    return (uint32_t)left;
}

#define FUNKNOWN_FOR(field)                                                                              \
    static v3_result field##_query(void *self, const v3_tuid iid, void **obj) {                          \
        return query(US_OBJECT(us_controller, field, self), iid, obj);                                   \
    }                                                                                                    \
    static uint32_t field##_retain(void *self) { return retain(US_OBJECT(us_controller, field, self)); } \
    static uint32_t field##_release(void *self) { return release(US_OBJECT(us_controller, field, self)); }
FUNKNOWN_FOR(edit)
FUNKNOWN_FOR(connection)

int64_t us_controller_instance_id(void *controller) {
    return atomic_load(&US_OBJECT(us_controller, edit, controller)->instance_id);
}

/* ---- IPluginBase [host-main-thread] ------------------------------------------------------------- */

static v3_result initialize(void *self, v3_funknown *context) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    if (c->host) return V3_FALSE;
    if (context) { c->host = context; V3_CALL0(context, add_ref); }
    return V3_OK;
}

static v3_result terminate(void *self) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    if (c->host) { V3_CALL0(c->host, release); c->host = NULL; }
    if (c->handler) { V3_CALL0(c->handler, release); c->handler = NULL; }
    return V3_OK;
}

/* ---- IEditController [host-main-thread] ---------------------------------------------------------- */

static v3_result set_component_state(void *self, v3_bstream *stream) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    us_state st;
    const v3_result r = us_state_read(stream, &st);
    if (r != V3_OK) return r;
    for (int i = 0; i < US_PARAM_COUNT; i++) c->params[i] = st.params[i];
    free(st.payload);
    return V3_OK;
}

/* The controller keeps no state of its own: everything lives in the component state. */
static v3_result set_state(void *self, v3_bstream *stream) { (void)self; return stream ? V3_OK : V3_INVALID_ARG; }
static v3_result get_state(void *self, v3_bstream *stream) { (void)self; return stream ? V3_OK : V3_INVALID_ARG; }

static int32_t get_parameter_count(void *self) { (void)self; return US_PARAM_COUNT; }

static void copy_utf16(v3_char16 *dst, const char *src) {
    int i = 0;
    for (; src[i] && i < 127; i++) dst[i] = (v3_char16)(unsigned char)src[i];
    dst[i] = 0;
}

static v3_result get_parameter_info(void *self, int32_t index, v3_param_info *info) {
    (void)self;
    if (!info || index < 0 || index >= US_PARAM_COUNT) return V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    info->id = (v3_param_id)index;
    if (index == US_PARAM_GAIN) {
        copy_utf16(info->title, "Output Gain");
        copy_utf16(info->short_title, "Gain");
        copy_utf16(info->units, "dB");
        info->default_normalised_value = US_GAIN_DEFAULT;
        info->flags = V3_PARAM_CAN_AUTOMATE;
    } else {
        copy_utf16(info->title, "Bypass");
        copy_utf16(info->short_title, "Bypass");
        info->step_count = 1;
        info->flags = V3_PARAM_CAN_AUTOMATE | V3_PARAM_IS_BYPASS;
    }
    return V3_OK;
}

static double to_plain(v3_param_id id, double v) {
    if (id == US_PARAM_GAIN) return v <= 0.0 ? -INFINITY : -60.0 + 72.0 * v;
    return v >= 0.5 ? 1.0 : 0.0;
}

static double to_normalised(v3_param_id id, double plain) {
    if (id == US_PARAM_GAIN) {
        const double v = (plain + 60.0) / 72.0;
        return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    }
    return plain >= 0.5 ? 1.0 : 0.0;
}

static v3_result get_param_string_for_value(void *self, v3_param_id id, double v, v3_str128 out) {
    (void)self;
    if (id >= US_PARAM_COUNT || !out) return V3_INVALID_ARG;
    char text[32];
    if (id == US_PARAM_GAIN) {
        if (v <= 0.0) snprintf(text, sizeof text, "-inf");
        else snprintf(text, sizeof text, "%.1f", to_plain(id, v));
    } else {
        snprintf(text, sizeof text, "%s", v >= 0.5 ? "On" : "Off");
    }
    copy_utf16(out, text);
    return V3_OK;
}

static v3_result get_param_value_for_string(void *self, v3_param_id id, v3_char16 *input, double *v) {
    (void)self;
    if (id >= US_PARAM_COUNT || !input || !v) return V3_INVALID_ARG;
    char text[64];
    int i = 0;
    for (; input[i] && i < 63; i++) text[i] = input[i] > 0 && input[i] < 128 ? (char)input[i] : '?';
    text[i] = 0;
    if (id == US_PARAM_BYPASS) {
        if (strcmp(text, "On") == 0 || strcmp(text, "1") == 0) { *v = 1.0; return V3_OK; }
        if (strcmp(text, "Off") == 0 || strcmp(text, "0") == 0) { *v = 0.0; return V3_OK; }
        return V3_FALSE;
    }
    if (strcmp(text, "-inf") == 0) { *v = 0.0; return V3_OK; }
    char *end;
    const double db = strtod(text, &end);
    if (end == text) return V3_FALSE;
    *v = to_normalised(id, db);
    return V3_OK;
}

static double normalised_param_to_plain(void *self, v3_param_id id, double v) { (void)self; return to_plain(id, v); }
static double plain_param_to_normalised(void *self, v3_param_id id, double p) { (void)self; return to_normalised(id, p); }

static double get_param_normalised(void *self, v3_param_id id) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    return id < US_PARAM_COUNT ? c->params[id] : 0.0;
}

static v3_result set_param_normalised(void *self, v3_param_id id, double v) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    if (id >= US_PARAM_COUNT || !(v >= 0.0 && v <= 1.0)) return V3_INVALID_ARG;
    c->params[id] = v;
    return V3_OK;
}

static v3_result set_component_handler(void *self, v3_component_handler *handler) {
    us_controller *c = US_OBJECT(us_controller, edit, self);
    if (handler == c->handler) return V3_OK;
    if (c->handler) V3_CALL0(c->handler, release);
    c->handler = handler;
    if (handler) V3_CALL0(handler, add_ref);
    return V3_OK;
}

static void *create_view(void *self, const char *name) {
    if (!name || strcmp(name, "editor") != 0) return NULL;
    return us_view_create(self);
}

/* ---- IConnectionPoint ------------------------------------------------------------------------ */

static v3_result connect(void *self, void *other) {
    us_controller *c = US_OBJECT(us_controller, connection, self);
    if (!other) return V3_INVALID_ARG;
    if (c->peer) return V3_FALSE;
    c->peer = other;
    V3_CALL0(c->peer, add_ref);
    return V3_OK;
}

static v3_result disconnect(void *self, void *other) {
    us_controller *c = US_OBJECT(us_controller, connection, self);
    if (!c->peer || (other && other != (void *)c->peer)) return V3_INVALID_ARG;
    V3_CALL0(c->peer, release);
    c->peer = NULL;
    return V3_OK;
}

static v3_result notify(void *self, v3_message *msg) {
    us_controller *c = US_OBJECT(us_controller, connection, self);
    if (!msg) return V3_INVALID_ARG;
    const char *id = msg->vtbl->get_message_id(msg);
    if (!id || strcmp(id, US_MESSAGE_INSTANCE) != 0) return V3_FALSE;
    v3_attribute_list *attrs = msg->vtbl->get_attributes(msg);
    int64_t value = 0;
    if (!attrs || attrs->vtbl->get_int(attrs, US_ATTR_INSTANCE_ID, &value) != V3_OK) return V3_FALSE;
    atomic_store(&c->instance_id, value);
    return V3_OK;
}

static const struct v3_edit_controller_vtbl edit_vtbl = {
    edit_query, edit_retain, edit_release,
    initialize, terminate,
    set_component_state, set_state, get_state, get_parameter_count, get_parameter_info,
    get_param_string_for_value, get_param_value_for_string, normalised_param_to_plain,
    plain_param_to_normalised, get_param_normalised, set_param_normalised, set_component_handler, create_view,
};
static const struct v3_connection_point_vtbl connection_vtbl = {
    connection_query, connection_retain, connection_release, connect, disconnect, notify,
};

void *us_controller_create(void) {
    us_controller *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->edit = &edit_vtbl;
    c->connection = &connection_vtbl;
    atomic_init(&c->refs, 1);
    c->params[US_PARAM_GAIN] = US_GAIN_DEFAULT;
    return &c->edit;
}
