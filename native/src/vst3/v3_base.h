/* VST3 ABI, base part: our own C definitions (no SDK). Facts: shared/research/daw-plugin.md §1.
 * Linux conventions: natural alignment, no calling-convention attribute, tresult values are
 * NOT the COM ones, and TUIDs are laid out big-endian (V3_ID below). Every interface is a
 * pointer to a vtable pointer; every vtable starts with the three FUnknown methods. */
#ifndef UNDERSTUDY_V3_BASE_H
#define UNDERSTUDY_V3_BASE_H

#include <stdint.h>

typedef int32_t v3_result;
enum {
    V3_NO_INTERFACE = -1,
    V3_OK = 0,
    V3_TRUE = 0,
    V3_FALSE = 1,
    V3_INVALID_ARG = 2,
    V3_NOT_IMPLEMENTED = 3,
    V3_INTERNAL_ERR = 4,
    V3_NOT_INITIALIZED = 5,
    V3_NOMEM = 6,
};

typedef uint8_t v3_tuid[16];
typedef uint8_t v3_bool;
typedef int16_t v3_char16;                 /* UTF-16 code unit (char16_t in the SDK) */
typedef v3_char16 v3_str128[128];

/* SMTG_INLINE_UID(l1,l2,l3,l4) on Linux: four 32-bit words, each big-endian. */
#define V3_ID(l1, l2, l3, l4) {                                                        \
    (uint8_t)((l1) >> 24), (uint8_t)((l1) >> 16), (uint8_t)((l1) >> 8), (uint8_t)(l1), \
    (uint8_t)((l2) >> 24), (uint8_t)((l2) >> 16), (uint8_t)((l2) >> 8), (uint8_t)(l2), \
    (uint8_t)((l3) >> 24), (uint8_t)((l3) >> 16), (uint8_t)((l3) >> 8), (uint8_t)(l3), \
    (uint8_t)((l4) >> 24), (uint8_t)((l4) >> 16), (uint8_t)((l4) >> 8), (uint8_t)(l4) }

/* ---- FUnknown ------------------------------------------------------------------------- */
#define V3_FUNKNOWN_METHODS                                                   \
    v3_result (*query_interface)(void *self, const v3_tuid iid, void **obj); \
    uint32_t (*add_ref)(void *self);                                         \
    uint32_t (*release)(void *self)

struct v3_funknown_vtbl { V3_FUNKNOWN_METHODS; };
typedef struct v3_funknown { const struct v3_funknown_vtbl *vtbl; } v3_funknown;
#define V3_IID_FUNKNOWN V3_ID(0x00000000, 0x00000000, 0xC0000000, 0x00000046)

/* ---- IPluginBase ------------------------------------------------------------------------ */
#define V3_PLUGIN_BASE_METHODS                               \
    v3_result (*initialize)(void *self, v3_funknown *context); \
    v3_result (*terminate)(void *self)
#define V3_IID_PLUGIN_BASE V3_ID(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625)

/* ---- IPluginFactory, 2, 3 --------------------------------------------------------------- */
enum { V3_FACTORY_UNICODE = 1 << 4 };
enum { V3_MANY_INSTANCES = 0x7FFFFFFF };

typedef struct v3_factory_info {
    char vendor[64];
    char url[256];
    char email[128];
    int32_t flags;
} v3_factory_info;

typedef struct v3_class_info {
    v3_tuid cid;
    int32_t cardinality;
    char category[32];
    char name[64];
} v3_class_info;

typedef struct v3_class_info2 {
    v3_tuid cid;
    int32_t cardinality;
    char category[32];
    char name[64];
    uint32_t class_flags;
    char sub_categories[128];
    char vendor[64];
    char version[64];
    char sdk_version[64];
} v3_class_info2;

typedef struct v3_class_info_w {
    v3_tuid cid;
    int32_t cardinality;
    char category[32];
    v3_char16 name[64];
    uint32_t class_flags;
    char sub_categories[128];
    v3_char16 vendor[64];
    v3_char16 version[64];
    v3_char16 sdk_version[64];
} v3_class_info_w;

struct v3_factory_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*get_factory_info)(void *self, v3_factory_info *info);
    int32_t (*num_classes)(void *self);
    v3_result (*get_class_info)(void *self, int32_t index, v3_class_info *info);
    v3_result (*create_instance)(void *self, const char *cid, const char *iid, void **obj);
    /* IPluginFactory2 */
    v3_result (*get_class_info2)(void *self, int32_t index, v3_class_info2 *info);
    /* IPluginFactory3 */
    v3_result (*get_class_info_unicode)(void *self, int32_t index, v3_class_info_w *info);
    v3_result (*set_host_context)(void *self, v3_funknown *context);
};
#define V3_IID_PLUGIN_FACTORY  V3_ID(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F)
#define V3_IID_PLUGIN_FACTORY2 V3_ID(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB)
#define V3_IID_PLUGIN_FACTORY3 V3_ID(0x4555A2AB, 0xC1234E57, 0x9B122910, 0x36878931)

/* ---- IBStream (host side) --------------------------------------------------------------- */
enum { V3_SEEK_SET = 0, V3_SEEK_CUR = 1, V3_SEEK_END = 2 };
struct v3_bstream_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*read)(void *self, void *buffer, int32_t num_bytes, int32_t *bytes_read);
    v3_result (*write)(void *self, void *buffer, int32_t num_bytes, int32_t *bytes_written);
    v3_result (*seek)(void *self, int64_t pos, int32_t mode, int64_t *result);
    v3_result (*tell)(void *self, int64_t *pos);
};
typedef struct v3_bstream { const struct v3_bstream_vtbl *vtbl; } v3_bstream;
#define V3_IID_BSTREAM V3_ID(0xC3BF6EA2, 0x30994752, 0x9B6BF990, 0x1EE33E9B)

/* ---- IAttributeList, IMessage, IConnectionPoint, IHostApplication ------------------------ */
struct v3_attribute_list_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*set_int)(void *self, const char *id, int64_t value);
    v3_result (*get_int)(void *self, const char *id, int64_t *value);
    v3_result (*set_float)(void *self, const char *id, double value);
    v3_result (*get_float)(void *self, const char *id, double *value);
    v3_result (*set_string)(void *self, const char *id, const v3_char16 *string);
    v3_result (*get_string)(void *self, const char *id, v3_char16 *string, uint32_t size_bytes);
    v3_result (*set_binary)(void *self, const char *id, const void *data, uint32_t size);
    v3_result (*get_binary)(void *self, const char *id, const void **data, uint32_t *size);
};
typedef struct v3_attribute_list { const struct v3_attribute_list_vtbl *vtbl; } v3_attribute_list;
#define V3_IID_ATTRIBUTE_LIST V3_ID(0x1E5F0AEB, 0xCC7F4533, 0xA2544011, 0x38AD5EE4)

struct v3_message_vtbl {
    V3_FUNKNOWN_METHODS;
    const char *(*get_message_id)(void *self);
    void (*set_message_id)(void *self, const char *id);
    v3_attribute_list *(*get_attributes)(void *self);
};
typedef struct v3_message { const struct v3_message_vtbl *vtbl; } v3_message;
#define V3_IID_MESSAGE V3_ID(0x936F033B, 0xC6C047DB, 0xBB0882F8, 0x13C1E613)

struct v3_connection_point_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*connect)(void *self, void *other);
    v3_result (*disconnect)(void *self, void *other);
    v3_result (*notify)(void *self, v3_message *message);
};
typedef struct v3_connection_point { const struct v3_connection_point_vtbl *vtbl; } v3_connection_point;
#define V3_IID_CONNECTION_POINT V3_ID(0x70A4156F, 0x6E6E4026, 0x989148BF, 0xAA60D8D1)

struct v3_host_application_vtbl {
    V3_FUNKNOWN_METHODS;
    v3_result (*get_name)(void *self, v3_str128 name);
    v3_result (*create_instance)(void *self, const v3_tuid cid, const v3_tuid iid, void **obj);
};
typedef struct v3_host_application { const struct v3_host_application_vtbl *vtbl; } v3_host_application;
#define V3_IID_HOST_APPLICATION V3_ID(0x58E595CC, 0xDB2D4969, 0x8B6AAF8C, 0x36A664E5)

/* Calls a method through an interface pointer: V3_CALL(obj, method, args...). */
#define V3_CALL(obj, method, ...) ((obj)->vtbl->method((obj), __VA_ARGS__))
#define V3_CALL0(obj, method) ((obj)->vtbl->method((obj)))

#endif
