/* VST3 ABI, controller side: IEditController, parameters, IComponentHandler. */
#ifndef UNDERSTUDY_V3_CONTROLLER_H
#define UNDERSTUDY_V3_CONTROLLER_H

#include "v3_processor.h"

enum {                                                   /* ParameterInfo.flags */
    V3_PARAM_CAN_AUTOMATE = 1 << 0,
    V3_PARAM_READ_ONLY = 1 << 1,
    V3_PARAM_IS_LIST = 1 << 3,
    V3_PARAM_IS_HIDDEN = 1 << 4,
    V3_PARAM_IS_BYPASS = 1 << 16,
};

typedef struct v3_param_info {
    v3_param_id id;
    v3_str128 title;
    v3_str128 short_title;
    v3_str128 units;
    int32_t step_count;
    double default_normalised_value;
    int32_t unit_id;
    int32_t flags;
} v3_param_info;

struct v3_component_handler_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*begin_edit)(void *self, v3_param_id id);
    v3_result (*perform_edit)(void *self, v3_param_id id, double value_normalised);
    v3_result (*end_edit)(void *self, v3_param_id id);
    v3_result (*restart_component)(void *self, int32_t flags);
};
typedef struct v3_component_handler { const struct v3_component_handler_vtbl *vtbl; } v3_component_handler;
#define V3_IID_COMPONENT_HANDLER V3_ID(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6)

struct v3_edit_controller_vtbl {
    V3_FUNKNOWN_METHODS;
    V3_PLUGIN_BASE_METHODS;
    v3_result (*set_component_state)(void *self, v3_bstream *state);
    v3_result (*set_state)(void *self, v3_bstream *state);
    v3_result (*get_state)(void *self, v3_bstream *state);
    int32_t (*get_parameter_count)(void *self);
    v3_result (*get_parameter_info)(void *self, int32_t index, v3_param_info *info);
    v3_result (*get_param_string_for_value)(void *self, v3_param_id id, double normalised, v3_str128 out);
    v3_result (*get_param_value_for_string)(void *self, v3_param_id id, v3_char16 *input, double *normalised);
    double (*normalised_param_to_plain)(void *self, v3_param_id id, double normalised);
    double (*plain_param_to_normalised)(void *self, v3_param_id id, double plain);
    double (*get_param_normalised)(void *self, v3_param_id id);
    v3_result (*set_param_normalised)(void *self, v3_param_id id, double normalised);
    v3_result (*set_component_handler)(void *self, v3_component_handler *handler);
    void *(*create_view)(void *self, const char *name);
};
#define V3_IID_EDIT_CONTROLLER V3_ID(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E)

#endif
