/* A minimal in-process VST3 host over our own ABI headers, for the test programs.
 * It loads a module, creates the processor and controller, initializes both with a host context
 * (IHostApplication that makes IMessage/IAttributeList), connects them directly, and offers
 * in-memory streams, parameter changes, process-data builders and an IPlugFrame with IRunLoop.
 * It also resolves every bridge.h function from the module, so a test can play Java's role. */
#ifndef UNDERSTUDY_MINI_HOST_H
#define UNDERSTUDY_MINI_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "bridge.h"
#include "vst3/v3_controller.h"
#include "vst3/v3_view.h"

/* Interface pointer types the headers leave untyped. */
typedef struct mh_factory { const struct v3_factory_vtbl *vtbl; } mh_factory;
typedef struct mh_component { const struct v3_component_vtbl *vtbl; } mh_component;
typedef struct mh_audio { const struct v3_audio_processor_vtbl *vtbl; } mh_audio;
typedef struct mh_context_req { const struct v3_process_context_requirements_vtbl *vtbl; } mh_context_req;
typedef struct mh_controller { const struct v3_edit_controller_vtbl *vtbl; } mh_controller;

/* Every function of bridge.h, looked up with dlsym. */
typedef struct mh_bridge {
    int32_t (*api_version)(void);
    void (*ready)(void);
    int32_t (*next_event)(int32_t timeout_ms, int64_t out[4]);
    int64_t (*boot_nanos)(void);
    void (*instance_release)(us_instance *inst);
    double (*sample_rate)(us_instance *inst);
    int64_t (*generation)(us_instance *inst);
    int32_t (*payload)(us_instance *inst, uint8_t *buf, int32_t cap, int64_t *generation);
    int64_t (*set_payload)(us_instance *inst, const uint8_t *buf, int32_t len);
    void (*transport)(us_instance *inst, int64_t out[4]);
    int64_t (*offline_gave_up)(us_instance *inst);
    void (*request_editor_size)(us_instance *inst, int32_t width, int32_t height);
    us_clip *(*clip_create)(int64_t frames, int32_t channels);
    float *(*clip_channel)(us_clip *clip, int32_t ch);
    void (*clip_release)(us_clip *clip);
    int32_t (*publish)(us_instance *inst, us_clip **clips, const int64_t *starts, const uint8_t *fresh,
                       int32_t count, double sample_rate, int64_t generation, int32_t complete);
} mh_bridge;

typedef struct mh_module {
    void *lib;
    mh_factory *factory;
    mh_bridge bridge;
    int bridge_complete;               /* every bridge.h symbol was found */
    char missing[512];                 /* names of the bridge symbols that were not */
} mh_module;

/* Loads the module (dlopen + ModuleEntry + GetPluginFactory). Returns 0, or -1 with err filled. */
int mh_load(mh_module *m, const char *path, char *err, size_t err_cap);
/* ModuleExit, releases the factory, dlclose. */
void mh_unload(mh_module *m);

/* The host context handed to initialize(): FUnknown + IHostApplication. */
v3_funknown *mh_host_context(void);
/* How many IMessages the host made, and how many of them carried `message_id` when released. */
int mh_messages_created(void);
int mh_messages_seen(const char *message_id);
/* A host-made IMessage with an int attribute; the caller releases it. */
v3_message *mh_message_new(const char *message_id, const char *attr, int64_t value);

/* ---- processor + controller ------------------------------------------------------------ */
typedef struct mh_plugin {
    mh_component *component;
    mh_audio *audio;
    v3_connection_point *processor_cp;
    mh_controller *controller;         /* NULL when created without one */
    v3_connection_point *controller_cp;
} mh_plugin;

/* Creates the processor (first "Audio Module Class") and, if with_controller, its controller;
 * initializes both and connects them. Returns 0 or -1 with err filled. */
int mh_plugin_create(mh_module *m, mh_plugin *p, int with_controller, char *err, size_t err_cap);
/* setupProcessing(realtime, 32-bit, max_block, rate). */
v3_result mh_plugin_setup(mh_plugin *p, double rate, int32_t max_block);
/* Disconnects, terminates and releases everything. */
void mh_plugin_destroy(mh_plugin *p);

/* ---- IBStream in memory ---------------------------------------------------------------- */
typedef struct mh_stream mh_stream;
mh_stream *mh_stream_new(const uint8_t *initial, int64_t len);    /* position 0 */
v3_bstream *mh_stream_api(mh_stream *s);
const uint8_t *mh_stream_data(mh_stream *s, int64_t *len);
void mh_stream_rewind(mh_stream *s);
void mh_stream_free(mh_stream *s);

/* ---- IParameterChanges / IParamValueQueue, fixed capacity, no allocation ---------------- */
#define MH_MAX_QUEUES 8
#define MH_MAX_POINTS 16
typedef struct mh_param_queue {
    const struct v3_param_value_queue_vtbl *vtbl;
    v3_param_id id;
    int32_t count;
    int32_t offsets[MH_MAX_POINTS];
    double values[MH_MAX_POINTS];
} mh_param_queue;
typedef struct mh_param_changes {
    const struct v3_parameter_changes_vtbl *vtbl;
    int32_t count;
    mh_param_queue queues[MH_MAX_QUEUES];
} mh_param_changes;
void mh_params_init(mh_param_changes *c);
/* Adds one point for parameter `id` (creating its queue). Returns 0 or -1 when full. */
int mh_params_add(mh_param_changes *c, v3_param_id id, int32_t offset, double value);
v3_parameter_changes *mh_params_api(mh_param_changes *c);

/* ---- process data: 2 output channels and a process context ------------------------------ */
typedef struct mh_process {
    v3_process_data data;
    v3_process_context ctx;
    v3_audio_bus_buffers out;
    float *channels[2];
    float *left, *right;               /* max_frames each */
    int32_t max_frames;
} mh_process;
/* Allocates the buffers; realtime mode, 32-bit, context attached, tempo 120. Returns 0 or -1. */
int mh_process_init(mh_process *p, int32_t max_frames, double rate);
/* Sets up the next block: position, length, playing flag. Clears params. */
void mh_process_block(mh_process *p, int64_t pos, int32_t n, int playing);
/* Fills both output channels with `value` (to see that process() overwrites them). */
void mh_process_fill(mh_process *p, float value);
v3_result mh_process_run(mh_process *p, mh_plugin *plug);
void mh_process_free(mh_process *p);

/* ---- IPlugFrame + Linux IRunLoop --------------------------------------------------------- */
typedef struct mh_frame mh_frame;
mh_frame *mh_frame_new(void);
v3_plugin_frame *mh_frame_api(mh_frame *f);
/* Runs due timers and ready fd handlers for about `ms` milliseconds. */
void mh_frame_pump(mh_frame *f, int ms);
int mh_frame_timer_count(mh_frame *f);
/* The last rectangle the plugin asked for with resizeView (0 when none), and a host callback. */
int mh_frame_resize_requests(mh_frame *f, v3_view_rect *last);
void mh_frame_on_resize(mh_frame *f, void (*fn)(void *user, const v3_view_rect *r), void *user);
void mh_frame_free(mh_frame *f);

/* ---- small helpers ----------------------------------------------------------------------- */
int64_t mh_now_ns(void);
void mh_sleep_ms(int ms);
/* Writes an ASCII string as UTF-16 / reads UTF-16 back as ASCII ('?' for the rest). */
void mh_to_utf16(v3_char16 *dst, const char *src, int cap);
void mh_from_utf16(char *dst, const v3_char16 *src, int cap);
/* Waits for the next event of `kind` for `inst` (NULL: any instance), dropping others.
 * Returns 1 and fills out, or 0 on timeout. */
int mh_wait_event(mh_module *m, int32_t kind, us_instance *inst, int timeout_ms, int64_t out[4]);

#endif
