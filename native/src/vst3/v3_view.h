/* VST3 ABI, editor side: IPlugView, IPlugFrame and the Linux run loop (host side). */
#ifndef UNDERSTUDY_V3_VIEW_H
#define UNDERSTUDY_V3_VIEW_H

#include "v3_base.h"

#define V3_VIEW_PLATFORM_X11 "X11EmbedWindowID"

typedef struct v3_view_rect {
    int32_t left, top, right, bottom;
} v3_view_rect;

struct v3_plugin_frame;

struct v3_plugin_view_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*is_platform_type_supported)(void *self, const char *type);
    v3_result (*attached)(void *self, void *parent, const char *type);
    v3_result (*removed)(void *self);
    v3_result (*on_wheel)(void *self, float distance);
    v3_result (*on_key_down)(void *self, v3_char16 key, int16_t key_code, int16_t modifiers);
    v3_result (*on_key_up)(void *self, v3_char16 key, int16_t key_code, int16_t modifiers);
    v3_result (*get_size)(void *self, v3_view_rect *size);
    v3_result (*on_size)(void *self, v3_view_rect *size);
    v3_result (*on_focus)(void *self, v3_bool state);
    v3_result (*set_frame)(void *self, struct v3_plugin_frame *frame);
    v3_result (*can_resize)(void *self);
    v3_result (*check_size_constraint)(void *self, v3_view_rect *rect);
};
typedef struct v3_plugin_view { const struct v3_plugin_view_vtbl *vtbl; } v3_plugin_view;
#define V3_IID_PLUGIN_VIEW V3_ID(0x5BC32507, 0xD06049EA, 0xA6151B52, 0x2B755B29)

struct v3_plugin_frame_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*resize_view)(void *self, v3_plugin_view *view, v3_view_rect *new_size);
};
typedef struct v3_plugin_frame { const struct v3_plugin_frame_vtbl *vtbl; } v3_plugin_frame;
#define V3_IID_PLUGIN_FRAME V3_ID(0x367FAF01, 0xAFA94693, 0x8D4DA2A0, 0xED0882A3)

struct v3_timer_handler_vtbl {
    V3_FUNKNOWN_METHODS;
    void (*on_timer)(void *self);
};
typedef struct v3_timer_handler { const struct v3_timer_handler_vtbl *vtbl; } v3_timer_handler;
#define V3_IID_TIMER_HANDLER V3_ID(0x10BDD94F, 0x41424774, 0x821FAD8F, 0xECA72CA9)

struct v3_event_handler_vtbl {
    V3_FUNKNOWN_METHODS;
    void (*on_fd_is_set)(void *self, int fd);
};
typedef struct v3_event_handler { const struct v3_event_handler_vtbl *vtbl; } v3_event_handler;
#define V3_IID_EVENT_HANDLER V3_ID(0x561E65C9, 0x13A0496F, 0x813A2C35, 0x654D7983)

struct v3_run_loop_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*register_event_handler)(void *self, v3_event_handler *handler, int fd);
    v3_result (*unregister_event_handler)(void *self, v3_event_handler *handler);
    v3_result (*register_timer)(void *self, v3_timer_handler *handler, uint64_t interval_ms);
    v3_result (*unregister_timer)(void *self, v3_timer_handler *handler);
};
typedef struct v3_run_loop { const struct v3_run_loop_vtbl *vtbl; } v3_run_loop;
#define V3_IID_RUN_LOOP V3_ID(0x18C35366, 0x97764F1A, 0x9C5B8385, 0x7A871389)

#endif
