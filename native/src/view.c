/* The editor view (IPlugView, "X11EmbedWindowID"). The Swing editor lives in Java: on attach we
 * queue the host's window id for it. When Java is unavailable we draw the reason ourselves with
 * Xlib (loaded at run time), so the user always sees why the editor is empty. A run-loop timer
 * carries Java's requests (resize) onto the host's UI thread. */
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "jvm.h"
#include "log.h"
#include "plugin.h"

#define VIEW_WIDTH 760
#define VIEW_HEIGHT 440
#define TIMER_MS 50

/* ---- the few Xlib calls the fallback message needs ------------------------------------------ */
typedef struct x11 {
    void *lib;
    void *(*open_display)(const char *);
    int (*close_display)(void *);
    int (*default_screen)(void *);
    unsigned long (*black_pixel)(void *, int);
    unsigned long (*white_pixel)(void *, int);
    unsigned long (*create_simple_window)(void *, unsigned long, int, int, unsigned, unsigned, unsigned, unsigned long, unsigned long);
    int (*map_window)(void *, unsigned long);
    int (*select_input)(void *, unsigned long, long);
    int (*pending)(void *);
    int (*next_event)(void *, void *);
    void *(*default_gc)(void *, int);
    int (*set_foreground)(void *, void *, unsigned long);
    int (*draw_string)(void *, unsigned long, void *, int, int, const char *, int);
    int (*flush)(void *);
} x11;

static int x11_load(x11 *x) {
    if (x->lib) return 1;
    void *lib = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return 0;
#define SYM(field, name) if (!(*(void **)&x->field = dlsym(lib, name))) { dlclose(lib); return 0; }
    SYM(open_display, "XOpenDisplay") SYM(close_display, "XCloseDisplay") SYM(default_screen, "XDefaultScreen")
    SYM(black_pixel, "XBlackPixel") SYM(white_pixel, "XWhitePixel") SYM(create_simple_window, "XCreateSimpleWindow")
    SYM(map_window, "XMapWindow") SYM(select_input, "XSelectInput")
    SYM(pending, "XPending") SYM(next_event, "XNextEvent") SYM(default_gc, "XDefaultGC")
    SYM(set_foreground, "XSetForeground") SYM(draw_string, "XDrawString") SYM(flush, "XFlush")
#undef SYM
    x->lib = lib;
    return 1;
}

typedef struct us_view {
    const struct v3_plugin_view_vtbl *view;
    const struct v3_timer_handler_vtbl *timer;
    atomic_int refs;
    void *controller;                  /* IEditController, retained */
    v3_plugin_frame *frame;
    v3_run_loop *run_loop;
    us_instance *inst;                 /* while attached */
    unsigned long parent;
    int32_t width, height;
    x11 x;                             /* fallback message window */
    void *display;
    unsigned long message_window;
} us_view;

static v3_result query(us_view *v, const v3_tuid iid, void **obj) {
    void *found = NULL;
    if (US_IID_IS(iid, V3_IID_FUNKNOWN) || US_IID_IS(iid, V3_IID_PLUGIN_VIEW)) found = &v->view;
    else if (US_IID_IS(iid, V3_IID_TIMER_HANDLER)) found = &v->timer;
    if (obj) *obj = found;
    if (!found) return V3_NO_INTERFACE;
    atomic_fetch_add(&v->refs, 1);
    return V3_OK;
}

static void detach(us_view *v);

static uint32_t retain(us_view *v) { return (uint32_t)atomic_fetch_add(&v->refs, 1) + 1; }

static uint32_t release(us_view *v) {
    const int left = atomic_fetch_sub(&v->refs, 1) - 1;
    if (left == 0) {
        detach(v);
        if (v->frame) V3_CALL0(v->frame, release);
        V3_CALL0((v3_funknown *)v->controller, release);
        free(v);
    }
    return (uint32_t)left;
}

#define FUNKNOWN_FOR(field)                                                                         \
    static v3_result field##_query(void *self, const v3_tuid iid, void **obj) {                     \
        return query(US_OBJECT(us_view, field, self), iid, obj);                                    \
    }                                                                                               \
    static uint32_t field##_retain(void *self) { return retain(US_OBJECT(us_view, field, self)); } \
    static uint32_t field##_release(void *self) { return release(US_OBJECT(us_view, field, self)); }
FUNKNOWN_FOR(view)
FUNKNOWN_FOR(timer)

/* ---- fallback message ------------------------------------------------------------------------ */

static void draw_message(us_view *v) {
    if (!v->message_window) return;
    const int screen = v->x.default_screen(v->display);
    void *gc = v->x.default_gc(v->display, screen);
    v->x.set_foreground(v->display, gc, v->x.white_pixel(v->display, screen));
    const char *lines[3] = {"Understudy: the Java engine is not available.", us_jvm_message(),
                            "Audio output is silent until this is fixed."};
    if (!v->inst) {
        lines[0] = "Understudy: this editor is not connected to its audio processor.";
        lines[1] = "The host did not deliver the processor's connection message.";
        lines[2] = "Close and reopen the editor; if it persists, report the host name and version.";
    }
    char chunk[100];
    int y = 30;
    for (int i = 0; i < 3; i++) {
        for (const char *s = lines[i]; *s; y += 18) {      /* wrap long lines at 90 characters */
            int n = (int)strlen(s) > 90 ? 90 : (int)strlen(s);
            memcpy(chunk, s, (size_t)n);
            v->x.draw_string(v->display, v->message_window, gc, 16, y, chunk, n);
            s += n;
        }
        y += 8;
    }
    v->x.flush(v->display);
}

static void show_message(us_view *v) {
    if (v->message_window || !v->parent || !x11_load(&v->x)) return;
    v->display = v->x.open_display(NULL);
    if (!v->display) return;
    const int screen = v->x.default_screen(v->display);
    v->message_window = v->x.create_simple_window(v->display, v->parent, 0, 0, (unsigned)v->width, (unsigned)v->height,
                                                  0, 0, v->x.black_pixel(v->display, screen));
    v->x.select_input(v->display, v->message_window, 1L << 15 /* ExposureMask */);
    v->x.map_window(v->display, v->message_window);
    v->x.flush(v->display);
}

static void pump_message(us_view *v) {
    if (!v->message_window) return;
    long event[24];                                     /* XEvent is a union of 24 longs */
    int exposed = 0;
    while (v->x.pending(v->display) > 0) {
        v->x.next_event(v->display, event);
        exposed |= (int)event[0] == 12;                 /* Expose */
    }
    if (exposed) draw_message(v);
}

/* Closing our display connection destroys the message window with it. An explicit XDestroyWindow
 * would fail with BadWindow (and Xlib would exit the host) if the host destroyed its window first. */
static void hide_message(us_view *v) {
    if (v->display) v->x.close_display(v->display);
    v->message_window = 0;
    v->display = NULL;
}

/* ---- ITimerHandler [host-main-thread] ------------------------------------------------------------ */

static void on_timer(void *self) {
    us_view *v = US_OBJECT(us_view, timer, self);
    if (!v->inst && !v->parent) return;
    const int status = us_jvm_status();
    if (status == US_JVM_NO_JAVA || status == US_JVM_FAILED || !v->inst) show_message(v);
    pump_message(v);
    if (v->inst) {
        const int64_t request = atomic_exchange(&v->inst->editor_size_request, 0);
        if (request && v->frame) {
            v3_view_rect rect = {0, 0, (int32_t)(request >> 32), (int32_t)(request & 0xFFFFFFFF)};
            if (V3_CALL(v->frame, resize_view, (v3_plugin_view *)&v->view, &rect) == V3_OK) {
                v->width = rect.right;
                v->height = rect.bottom;
            }
        }
    }
}

/* ---- IPlugView [host-main-thread] -------------------------------------------------------------- */

static v3_result is_platform_type_supported(void *self, const char *type) {
    (void)self;
    return type && strcmp(type, V3_VIEW_PLATFORM_X11) == 0 ? V3_TRUE : V3_FALSE;
}

static void start_timer(us_view *v) {
    if (v->run_loop || !v->frame) return;
    if (v->frame->vtbl->query_interface(v->frame, (const uint8_t[16])V3_IID_RUN_LOOP, (void **)&v->run_loop) != V3_OK)
        v->run_loop = NULL;
    if (v->run_loop) V3_CALL(v->run_loop, register_timer, (v3_timer_handler *)&v->timer, TIMER_MS);
    else us_log("host offers no IRunLoop: editor resize requests will not reach it");
}

static v3_result attached(void *self, void *parent, const char *type) {
    us_view *v = US_OBJECT(us_view, view, self);
    if (!parent || is_platform_type_supported(self, type) != V3_TRUE) return V3_FALSE;
    if (v->parent) return US_FAIL(V3_FALSE, "editor: already attached");
    v->parent = (unsigned long)(uintptr_t)parent;
    v->inst = us_instance_find(us_controller_instance_id(v->controller));
    if (v->inst) {
        us_instance_announce(v->inst);
        us_events_push(US_EVENT_EDITOR_ATTACHED, v->inst, (int64_t)v->parent, ((int64_t)v->width << 32) | v->height);
    } else {
        us_log("editor: no processor connected to this controller");
    }
    start_timer(v);
    on_timer(&v->timer);
    return V3_OK;
}

static void detach(us_view *v) {
    if (v->run_loop) {
        V3_CALL(v->run_loop, unregister_timer, (v3_timer_handler *)&v->timer);
        V3_CALL0(v->run_loop, release);
        v->run_loop = NULL;
    }
    hide_message(v);
    if (v->inst) {
        us_events_push(US_EVENT_EDITOR_DETACHED, v->inst, (int64_t)v->parent, 0);
        us_instance_release(v->inst);
        v->inst = NULL;
    }
    v->parent = 0;
}

static v3_result removed(void *self) {
    us_view *v = US_OBJECT(us_view, view, self);
    if (!v->parent) return V3_FALSE;
    detach(v);
    return V3_OK;
}

static v3_result on_wheel(void *self, float d) { (void)self; (void)d; return V3_FALSE; }
static v3_result on_key(void *self, v3_char16 k, int16_t c, int16_t m) { (void)self; (void)k; (void)c; (void)m; return V3_FALSE; }

static v3_result get_size(void *self, v3_view_rect *r) {
    us_view *v = US_OBJECT(us_view, view, self);
    if (!r) return V3_INVALID_ARG;
    r->left = r->top = 0;
    r->right = v->width;
    r->bottom = v->height;
    return V3_OK;
}

static v3_result on_size(void *self, v3_view_rect *r) {
    us_view *v = US_OBJECT(us_view, view, self);
    if (!r || r->right - r->left <= 0 || r->bottom - r->top <= 0) return V3_INVALID_ARG;
    v->width = r->right - r->left;
    v->height = r->bottom - r->top;
    if (v->inst && v->parent) us_events_push(US_EVENT_EDITOR_RESIZED, v->inst, (int64_t)v->parent, ((int64_t)v->width << 32) | v->height);
    return V3_OK;
}

static v3_result on_focus(void *self, v3_bool s) { (void)self; (void)s; return V3_OK; }

static v3_result set_frame(void *self, v3_plugin_frame *frame) {
    us_view *v = US_OBJECT(us_view, view, self);
    if (v->frame) V3_CALL0(v->frame, release);
    v->frame = frame;
    if (frame) V3_CALL0(frame, add_ref);
    return V3_OK;
}

static v3_result can_resize(void *self) { (void)self; return V3_TRUE; }

static v3_result check_size_constraint(void *self, v3_view_rect *r) {
    (void)self;
    if (!r) return V3_INVALID_ARG;
    if (r->right - r->left < 480) r->right = r->left + 480;
    if (r->bottom - r->top < 300) r->bottom = r->top + 300;
    return V3_OK;
}

static const struct v3_plugin_view_vtbl view_vtbl = {
    view_query, view_retain, view_release,
    is_platform_type_supported, attached, removed, on_wheel, on_key, on_key,
    get_size, on_size, on_focus, set_frame, can_resize, check_size_constraint,
};
static const struct v3_timer_handler_vtbl timer_vtbl = {timer_query, timer_retain, timer_release, on_timer};

void *us_view_create(void *controller) {
    us_view *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->view = &view_vtbl;
    v->timer = &timer_vtbl;
    atomic_init(&v->refs, 1);
    v->controller = controller;
    V3_CALL0((v3_funknown *)controller, add_ref);
    v->width = VIEW_WIDTH;
    v->height = VIEW_HEIGHT;
    return &v->view;
}
