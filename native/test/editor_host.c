/* Opens Understudy's editor in a real X11 window (run it under Xvfb) and checks that something
 * is drawn inside: the Java Swing editor (--expect java, the default) or the shim's own fallback
 * message (--expect message, when no Java runtime can be found).
 * Usage: editor_host Understudy.so [--expect java|message] [--screenshot out.ppm] [--timeout s]
 *                    [--destroy-parent-first]   (host misbehaviour: the window goes before removed())
 * Prints "EDITOR_OK <details>" and exits 0, or "EDITOR_FAIL <reason>" and exits 1. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <X11/Xlibint.h>                      /* Display's resource_mask: who created a window */
#include <X11/Xutil.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mini_host.h"

#define PARENT_W 800
#define PARENT_H 500
#define PARENT_BG 0x2a5d8f                    /* a colour neither the shim nor Swing paints */
#define MAX_COLOURS 64

typedef struct options {
    const char *so;
    int expect_java;
    const char *screenshot;
    int timeout_s;
    int destroy_parent_first;
} options;

typedef struct host {
    Display *dpy;
    Window parent;
    int width, height;
    mh_module mod;
    mh_plugin plug;
    mh_frame *frame;
    v3_plugin_view *view;
    int attached;
} host;

/* What the last look at the parent window found. */
typedef struct finding {
    Window child;                             /* the best candidate, 0 if none */
    int children, foreign, colours;
    char name[128], wm_class[128];
} finding;

static int x_errors;

static int ignore_x_error(Display *dpy, XErrorEvent *e) { (void)dpy; (void)e; x_errors++; return 0; }

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("EDITOR_FAIL ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    _exit(1);                                 /* a JVM may be running: no exit handlers */
}

static options parse(int argc, char **argv) {
    options o = {NULL, 1, NULL, 30, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc) {
            const char *what = argv[++i];
            if (strcmp(what, "java") && strcmp(what, "message")) fail("--expect takes java or message, not %s", what);
            o.expect_java = strcmp(what, "java") == 0;
        } else if (strcmp(argv[i], "--screenshot") == 0 && i + 1 < argc) {
            o.screenshot = argv[++i];
        } else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            o.timeout_s = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--destroy-parent-first") == 0) {
            o.destroy_parent_first = 1;
        } else if (!o.so) {
            o.so = argv[i];
        } else {
            fail("unknown argument %s", argv[i]);
        }
    }
    if (!o.so) fail("usage: editor_host Understudy.so [--expect java|message] [--screenshot out.ppm] [--timeout s] [--destroy-parent-first]");
    return o;
}

/* ---- X11 ------------------------------------------------------------------------------------- */

static void wait_mapped(Display *dpy, Window w) {
    for (int tries = 0; tries < 500; tries++) {
        XEvent ev;
        if (XCheckTypedWindowEvent(dpy, w, MapNotify, &ev)) return;
        mh_sleep_ms(10);
    }
    fail("the top-level window was never mapped");
}

static void open_parent(host *h) {
    h->dpy = XOpenDisplay(NULL);
    if (!h->dpy) fail("cannot open X display \"%s\"", getenv("DISPLAY") ? getenv("DISPLAY") : "");
    XSetErrorHandler(ignore_x_error);
    const int screen = DefaultScreen(h->dpy);
    h->width = PARENT_W;
    h->height = PARENT_H;
    h->parent = XCreateSimpleWindow(h->dpy, RootWindow(h->dpy, screen), 0, 0, PARENT_W, PARENT_H, 0,
                                    BlackPixel(h->dpy, screen), PARENT_BG);
    XStoreName(h->dpy, h->parent, "Understudy editor_host");
    XSelectInput(h->dpy, h->parent, StructureNotifyMask | SubstructureNotifyMask | ExposureMask);
    XMapWindow(h->dpy, h->parent);
    XSync(h->dpy, False);
    wait_mapped(h->dpy, h->parent);
}

static void drain_x_events(Display *dpy) {
    while (XPending(dpy) > 0) {
        XEvent ev;
        XNextEvent(dpy, &ev);
    }
}

/* WM_NAME and WM_CLASS of w or of the first window below it that has them. */
static void describe(Display *dpy, Window w, finding *f, int depth) {
    char *name = NULL;
    if (!f->name[0] && XFetchName(dpy, w, &name) && name) snprintf(f->name, sizeof f->name, "%s", name);
    if (name) XFree(name);
    XClassHint hint = {NULL, NULL};
    if (!f->wm_class[0] && XGetClassHint(dpy, w, &hint))
        snprintf(f->wm_class, sizeof f->wm_class, "%s/%s", hint.res_name ? hint.res_name : "", hint.res_class ? hint.res_class : "");
    if (hint.res_name) XFree(hint.res_name);
    if (hint.res_class) XFree(hint.res_class);
    Window root, up, *kids = NULL;
    unsigned n = 0;
    if (depth < 4 && XQueryTree(dpy, w, &root, &up, &kids, &n))
        for (unsigned i = 0; i < n && (!f->name[0] || !f->wm_class[0]); i++) describe(dpy, kids[i], f, depth + 1);
    if (kids) XFree(kids);
}

/* Distinct pixel values inside rectangle r of the image (capped at MAX_COLOURS). */
static int count_colours(XImage *img, int x0, int y0, int w, int h) {
    unsigned long seen[MAX_COLOURS];
    int n = 0;
    for (int y = y0; y < y0 + h && y < img->height; y++) {
        for (int x = x0; x < x0 + w && x < img->width; x++) {
            const unsigned long p = XGetPixel(img, x, y);
            int known = 0;
            for (int i = 0; i < n && !known; i++) known = seen[i] == p;
            if (!known) {
                if (n == MAX_COLOURS) return n;
                seen[n++] = p;
            }
        }
    }
    return n;
}

static XImage *grab(host *h) {
    return XGetImage(h->dpy, h->parent, 0, 0, (unsigned)h->width, (unsigned)h->height, AllPlanes, ZPixmap);
}

/* Looks at the viewable children of the parent; keeps the one with the most colours. */
static void inspect(host *h, finding *f) {
    memset(f, 0, sizeof *f);
    Window root, up, *kids = NULL;
    unsigned n = 0;
    if (!XQueryTree(h->dpy, h->parent, &root, &up, &kids, &n)) return;
    XImage *img = n ? grab(h) : NULL;
    const XID mask = h->dpy->resource_mask;
    for (unsigned i = 0; i < n && img; i++) {
        XWindowAttributes a;
        if (!XGetWindowAttributes(h->dpy, kids[i], &a) || a.map_state != IsViewable) continue;
        f->children++;
        const int foreign = (kids[i] & ~mask) != (h->parent & ~mask);
        f->foreign += foreign;
        const int colours = count_colours(img, a.x < 0 ? 0 : a.x, a.y < 0 ? 0 : a.y, a.width, a.height);
        if (foreign && colours > f->colours) { f->colours = colours; f->child = kids[i]; }
    }
    if (img) XDestroyImage(img);
    if (kids) XFree(kids);
    if (f->child) describe(h->dpy, f->child, f, 0);
}

/* Java's editor is antialiased Swing (many colours), and Java names all its windows (WM_CLASS);
 * the fallback is white core-font text on black (2 colours) in a window without WM_CLASS. */
static int drawn(const options *o, const finding *f) {
    if (!f->child) return 0;
    if (o->expect_java) return f->colours > 3 || (f->colours >= 2 && f->wm_class[0]);
    return f->colours >= 2 && !f->wm_class[0];
}

/* PPM (P6) of the parent window as it is now. */
static int screenshot(host *h, const char *path) {
    XImage *img = grab(h);
    FILE *out = img ? fopen(path, "wb") : NULL;
    if (!out) { if (img) XDestroyImage(img); return -1; }
    Visual *v = DefaultVisual(h->dpy, DefaultScreen(h->dpy));
    const unsigned long masks[3] = {v->red_mask, v->green_mask, v->blue_mask};
    fprintf(out, "P6\n%d %d\n255\n", img->width, img->height);
    for (int y = 0; y < img->height; y++) {
        for (int x = 0; x < img->width; x++) {
            const unsigned long p = XGetPixel(img, x, y);
            for (int c = 0; c < 3; c++) {
                unsigned long m = masks[c], value = p & m;
                while (m && !(m & 1)) { m >>= 1; value >>= 1; }
                fputc(m ? (int)(value * 255 / m) : 0, out);
            }
        }
    }
    fclose(out);
    XDestroyImage(img);
    return 0;
}

/* ---- the plugin ---------------------------------------------------------------------------- */

static void resize_parent(void *user, const v3_view_rect *r) {
    host *h = user;
    h->width = r->right - r->left;
    h->height = r->bottom - r->top;
    XResizeWindow(h->dpy, h->parent, (unsigned)h->width, (unsigned)h->height);
    XFlush(h->dpy);
}

static void open_editor(host *h, const options *o) {
    char err[512];
    if (mh_load(&h->mod, o->so, err, sizeof err) != 0) fail("load: %s", err);
    if (mh_plugin_create(&h->mod, &h->plug, 1, err, sizeof err) != 0) fail("plugin: %s", err);
    if (mh_plugin_setup(&h->plug, 48000, 1024) != V3_OK) fail("setupProcessing failed");
    if (V3_CALL(h->plug.component, set_active, 1) != V3_OK) fail("setActive(1) failed");
    h->view = V3_CALL(h->plug.controller, create_view, "editor");
    if (!h->view) fail("createView(\"editor\") returned NULL");
    if (V3_CALL(h->view, is_platform_type_supported, V3_VIEW_PLATFORM_X11) != V3_TRUE) fail("X11EmbedWindowID not supported");
    h->frame = mh_frame_new();
    mh_frame_on_resize(h->frame, resize_parent, h);
    if (V3_CALL(h->view, set_frame, mh_frame_api(h->frame)) != V3_OK) fail("setFrame failed");
    if (V3_CALL(h->view, attached, (void *)(uintptr_t)h->parent, V3_VIEW_PLATFORM_X11) != V3_OK) fail("attached failed");
    h->attached = 1;
}

/* With destroy_parent_first, the window is gone before removed() and Xlib's default error handler
 * is back (it exits the process on any X error the plugin causes, as in a host that sets none). */
static void close_editor(host *h, int destroy_parent_first) {
    if (destroy_parent_first) {
        XSetErrorHandler(NULL);
        XDestroyWindow(h->dpy, h->parent);
        XSync(h->dpy, False);
        h->parent = 0;
    }
    if (h->attached) V3_CALL0(h->view, removed);
    V3_CALL(h->view, set_frame, NULL);
    V3_CALL0(h->view, release);
    mh_plugin_destroy(&h->plug);
    mh_frame_free(h->frame);
    if (h->parent) XDestroyWindow(h->dpy, h->parent);
    XCloseDisplay(h->dpy);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const options o = parse(argc, argv);
    host h;
    memset(&h, 0, sizeof h);
    open_parent(&h);
    const int64_t start = mh_now_ns();
    open_editor(&h, &o);
    finding f;
    memset(&f, 0, sizeof f);
    while (mh_now_ns() - start < (int64_t)o.timeout_s * 1000000000LL) {
        mh_frame_pump(h.frame, 100);                  /* the shim's timers (50 ms) */
        drain_x_events(h.dpy);
        inspect(&h, &f);
        if (drawn(&o, &f)) break;
    }
    const double ms = (double)(mh_now_ns() - start) / 1e6;
    if (o.screenshot && screenshot(&h, o.screenshot) != 0) fail("cannot write %s", o.screenshot);   /* also on failure */
    close_editor(&h, o.destroy_parent_first);
    if (!f.children) fail("no child window in the plugin's parent window after %.0f ms", ms);
    if (!f.foreign) fail("%d child window(s), none created by another X client", f.children);
    if (!drawn(&o, &f))
        fail("child window 0x%lx (class \"%s\") drew %d colour(s) in %.0f ms; expected %s", f.child, f.wm_class, f.colours, ms,
             o.expect_java ? "the Java editor: more than 3 colours, or 2 and a WM_CLASS"
                           : "the fallback message: at least 2 colours and no WM_CLASS");
    printf("EDITOR_OK %s: child window 0x%lx (another X client), name \"%s\", class \"%s\", %d%s colours, after %.0f ms%s%s\n",
           o.expect_java ? "java editor" : "fallback message", f.child, f.name, f.wm_class, f.colours,
           f.colours >= MAX_COLOURS ? "+" : "", ms, o.screenshot ? ", screenshot " : "", o.screenshot ? o.screenshot : "");
    fflush(stdout);
    _exit(0);                                     /* a JVM may be running: no exit handlers */
}
