/* VST3 ABI, audio side: IComponent, IAudioProcessor, process data, parameter queues.
 * Field orders follow daw-plugin.md §1.3; offsets are checked in v3_abi_check.c. */
#ifndef UNDERSTUDY_V3_PROCESSOR_H
#define UNDERSTUDY_V3_PROCESSOR_H

#include "v3_base.h"

enum { V3_AUDIO = 0, V3_EVENT = 1 };                     /* MediaTypes */
enum { V3_INPUT = 0, V3_OUTPUT = 1 };                    /* BusDirections */
enum { V3_MAIN_BUS = 0, V3_AUX_BUS = 1 };                /* BusTypes */
enum { V3_BUS_DEFAULT_ACTIVE = 1 };
enum { V3_REALTIME = 0, V3_PREFETCH = 1, V3_OFFLINE = 2 }; /* ProcessModes */
enum { V3_SAMPLE32 = 0, V3_SAMPLE64 = 1 };
#define V3_SPEAKER_STEREO ((uint64_t)0x3)

typedef uint64_t v3_speaker_arrangement;
typedef uint32_t v3_param_id;

typedef struct v3_bus_info {
    int32_t media_type;
    int32_t direction;
    int32_t channel_count;
    v3_str128 name;
    int32_t bus_type;
    uint32_t flags;
} v3_bus_info;

typedef struct v3_routing_info {
    int32_t media_type;
    int32_t bus_index;
    int32_t channel;
} v3_routing_info;

struct v3_component_vtbl {
    V3_FUNKNOWN_METHODS;
    V3_PLUGIN_BASE_METHODS;
    v3_result (*get_controller_class_id)(void *self, v3_tuid class_id);
    v3_result (*set_io_mode)(void *self, int32_t io_mode);
    int32_t (*get_bus_count)(void *self, int32_t media_type, int32_t direction);
    v3_result (*get_bus_info)(void *self, int32_t media_type, int32_t direction, int32_t index, v3_bus_info *info);
    v3_result (*get_routing_info)(void *self, v3_routing_info *in, v3_routing_info *out);
    v3_result (*activate_bus)(void *self, int32_t media_type, int32_t direction, int32_t index, v3_bool state);
    v3_result (*set_active)(void *self, v3_bool state);
    v3_result (*set_state)(void *self, v3_bstream *state);
    v3_result (*get_state)(void *self, v3_bstream *state);
};
#define V3_IID_COMPONENT V3_ID(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802)

typedef struct v3_process_setup {
    int32_t process_mode;
    int32_t symbolic_sample_size;
    int32_t max_block_size;
    double sample_rate;
} v3_process_setup;

typedef struct v3_audio_bus_buffers {
    int32_t num_channels;
    uint64_t silence_flags;
    union {
        float **channels32;
        double **channels64;
    };
} v3_audio_bus_buffers;

typedef struct v3_chord {
    uint8_t key_note;
    uint8_t root_note;
    int16_t chord_mask;
} v3_chord;

typedef struct v3_frame_rate {
    uint32_t frames_per_second;
    uint32_t flags;
} v3_frame_rate;

enum {                                                   /* ProcessContext.state bits */
    V3_CTX_PLAYING = 1 << 1,
    V3_CTX_CYCLE_ACTIVE = 1 << 2,
    V3_CTX_RECORDING = 1 << 3,
    V3_CTX_SYSTEM_TIME_VALID = 1 << 8,
    V3_CTX_PROJECT_TIME_MUSIC_VALID = 1 << 9,
    V3_CTX_TEMPO_VALID = 1 << 10,
    V3_CTX_BAR_POSITION_VALID = 1 << 11,
    V3_CTX_CYCLE_VALID = 1 << 12,
    V3_CTX_TIME_SIG_VALID = 1 << 13,
    V3_CTX_CONT_TIME_VALID = 1 << 17,
};

typedef struct v3_process_context {
    uint32_t state;
    double sample_rate;
    int64_t project_time_samples;
    int64_t system_time;
    int64_t continuous_time_samples;
    double project_time_music;
    double bar_position_music;
    double cycle_start_music;
    double cycle_end_music;
    double tempo;
    int32_t time_sig_numerator;
    int32_t time_sig_denominator;
    v3_chord chord;
    int32_t smpte_offset_subframes;
    v3_frame_rate frame_rate;
    int32_t samples_to_next_clock;
} v3_process_context;

/* ---- IParamValueQueue / IParameterChanges (host side) ----------------------------------- */
struct v3_param_value_queue_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_param_id (*get_parameter_id)(void *self);
    int32_t (*get_point_count)(void *self);
    v3_result (*get_point)(void *self, int32_t index, int32_t *sample_offset, double *value);
    v3_result (*add_point)(void *self, int32_t sample_offset, double value, int32_t *index);
};
typedef struct v3_param_value_queue { const struct v3_param_value_queue_vtbl *vtbl; } v3_param_value_queue;
#define V3_IID_PARAM_VALUE_QUEUE V3_ID(0x01263A18, 0xED074F6F, 0x98C9D356, 0x4686F9BA)

struct v3_parameter_changes_vtbl {
    V3_FUNKNOWN_METHODS;
    int32_t (*get_parameter_count)(void *self);
    v3_param_value_queue *(*get_parameter_data)(void *self, int32_t index);
    v3_param_value_queue *(*add_parameter_data)(void *self, const v3_param_id *id, int32_t *index);
};
typedef struct v3_parameter_changes { const struct v3_parameter_changes_vtbl *vtbl; } v3_parameter_changes;
#define V3_IID_PARAMETER_CHANGES V3_ID(0xA4779663, 0x0BB64A56, 0xB44384A8, 0x466FEB9D)

typedef struct v3_process_data {
    int32_t process_mode;
    int32_t symbolic_sample_size;
    int32_t num_samples;
    int32_t num_inputs;
    int32_t num_outputs;
    v3_audio_bus_buffers *inputs;
    v3_audio_bus_buffers *outputs;
    v3_parameter_changes *input_params;
    v3_parameter_changes *output_params;
    void *input_events;                                  /* IEventList*, unused */
    void *output_events;
    v3_process_context *context;
} v3_process_data;

struct v3_audio_processor_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*set_bus_arrangements)(void *self, v3_speaker_arrangement *inputs, int32_t num_inputs,
                                      v3_speaker_arrangement *outputs, int32_t num_outputs);
    v3_result (*get_bus_arrangement)(void *self, int32_t direction, int32_t index, v3_speaker_arrangement *arr);
    v3_result (*can_process_sample_size)(void *self, int32_t symbolic_sample_size);
    uint32_t (*get_latency_samples)(void *self);
    v3_result (*setup_processing)(void *self, v3_process_setup *setup);
    v3_result (*set_processing)(void *self, v3_bool state);
    v3_result (*process)(void *self, v3_process_data *data);
    uint32_t (*get_tail_samples)(void *self);
};
#define V3_IID_AUDIO_PROCESSOR V3_ID(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D)

enum {                                                   /* IProcessContextRequirements flags */
    V3_NEED_SYSTEM_TIME = 1 << 0,
    V3_NEED_CONTINUOUS_TIME_SAMPLES = 1 << 1,
    V3_NEED_PROJECT_TIME_MUSIC = 1 << 2,
    V3_NEED_BAR_POSITION_MUSIC = 1 << 3,
    V3_NEED_TEMPO = 1 << 6,
    V3_NEED_TIME_SIGNATURE = 1 << 7,
    V3_NEED_TRANSPORT_STATE = 1 << 10,
};
struct v3_process_context_requirements_vtbl {
    V3_FUNKNOWN_METHODS;
    uint32_t (*get_process_context_requirements)(void *self);
};
#define V3_IID_PROCESS_CONTEXT_REQUIREMENTS V3_ID(0x2A654303, 0xEF764E3D, 0x95B5FE83, 0x730EF6D0)

#endif
