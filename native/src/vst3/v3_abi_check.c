/* Compile-time checks of our VST3 ABI definitions (built with -std=c11 -pedantic -Werror).
 * Offsets are those of the SDK's structs on x86_64 Linux (daw-plugin.md §1.3). */
#include <stddef.h>

#include "v3_controller.h"
#include "v3_view.h"

_Static_assert(sizeof(v3_tuid) == 16, "TUID");
_Static_assert(sizeof(v3_factory_info) == 452, "PFactoryInfo");
_Static_assert(sizeof(v3_class_info) == 116, "PClassInfo");
_Static_assert(sizeof(v3_class_info2) == 440, "PClassInfo2");
_Static_assert(sizeof(v3_class_info_w) == 696, "PClassInfoW");
_Static_assert(offsetof(v3_bus_info, name) == 12 && offsetof(v3_bus_info, bus_type) == 268 && sizeof(v3_bus_info) == 276, "BusInfo");
_Static_assert(offsetof(v3_process_setup, sample_rate) == 16 && sizeof(v3_process_setup) == 24, "ProcessSetup");
_Static_assert(offsetof(v3_audio_bus_buffers, silence_flags) == 8 && offsetof(v3_audio_bus_buffers, channels32) == 16 &&
               sizeof(v3_audio_bus_buffers) == 24, "AudioBusBuffers");
_Static_assert(offsetof(v3_process_context, sample_rate) == 8 && offsetof(v3_process_context, project_time_samples) == 16 &&
               offsetof(v3_process_context, tempo) == 72 && offsetof(v3_process_context, time_sig_numerator) == 80 &&
               offsetof(v3_process_context, chord) == 88 && offsetof(v3_process_context, frame_rate) == 96 &&
               offsetof(v3_process_context, samples_to_next_clock) == 104 && sizeof(v3_process_context) == 112, "ProcessContext");
_Static_assert(offsetof(v3_process_data, inputs) == 24 && offsetof(v3_process_data, outputs) == 32 &&
               offsetof(v3_process_data, input_params) == 40 && offsetof(v3_process_data, context) == 72 &&
               sizeof(v3_process_data) == 80, "ProcessData");
_Static_assert(offsetof(v3_param_info, title) == 4 && offsetof(v3_param_info, step_count) == 772 &&
               offsetof(v3_param_info, default_normalised_value) == 776 && offsetof(v3_param_info, flags) == 788 &&
               sizeof(v3_param_info) == 792, "ParameterInfo");
_Static_assert(sizeof(v3_view_rect) == 16, "ViewRect");
_Static_assert(offsetof(struct v3_audio_processor_vtbl, process) == 9 * sizeof(void *), "IAudioProcessor order");
_Static_assert(offsetof(struct v3_component_vtbl, get_state) == 13 * sizeof(void *), "IComponent order");
_Static_assert(offsetof(struct v3_edit_controller_vtbl, create_view) == 17 * sizeof(void *), "IEditController order");
_Static_assert(offsetof(struct v3_plugin_view_vtbl, check_size_constraint) == 14 * sizeof(void *), "IPlugView order");
_Static_assert(offsetof(struct v3_factory_vtbl, set_host_context) == 9 * sizeof(void *), "IPluginFactory3 order");

int v3_abi_check(void) { return 0; }
