/* Module entry points and the plugin factory (IPluginFactory3). Nothing here starts Java:
 * hosts scan by loading the module, reading the factory and creating/terminating instances. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "plugin.h"
#include "plugin_ids.h"
#include "threads.h"

const v3_tuid us_processor_cid = US_PROCESSOR_CID;
const v3_tuid us_controller_cid = US_CONTROLLER_CID;

static const char *const class_category[2] = {"Audio Module Class", "Component Controller Class"};
static const uint8_t *const class_cid[2] = {us_processor_cid, us_controller_cid};

static atomic_int factory_refs;

static v3_result factory_query(void *self, const v3_tuid iid, void **obj) {
    if (US_IID_IS(iid, V3_IID_FUNKNOWN) || US_IID_IS(iid, V3_IID_PLUGIN_FACTORY) ||
        US_IID_IS(iid, V3_IID_PLUGIN_FACTORY2) || US_IID_IS(iid, V3_IID_PLUGIN_FACTORY3)) {
        atomic_fetch_add(&factory_refs, 1);
        *obj = self;
        return V3_OK;
    }
    *obj = NULL;
    return V3_NO_INTERFACE;
}

/* The factory is a static object: reference counting is kept honest but never frees. */
static uint32_t factory_retain(void *self) { (void)self; return (uint32_t)atomic_fetch_add(&factory_refs, 1) + 1; }
static uint32_t factory_release(void *self) { (void)self; return (uint32_t)atomic_fetch_sub(&factory_refs, 1) - 1; }

static v3_result get_factory_info(void *self, v3_factory_info *info) {
    (void)self;
    if (!info) return V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    snprintf(info->vendor, sizeof info->vendor, "%s", US_VENDOR);
    snprintf(info->url, sizeof info->url, "%s", US_URL);
    snprintf(info->email, sizeof info->email, "%s", US_EMAIL);
    info->flags = V3_FACTORY_UNICODE;
    return V3_OK;
}

static int32_t num_classes(void *self) { (void)self; return 2; }

static v3_result get_class_info(void *self, int32_t i, v3_class_info *info) {
    (void)self;
    if (!info || i < 0 || i > 1) return V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    memcpy(info->cid, class_cid[i], sizeof(v3_tuid));
    info->cardinality = V3_MANY_INSTANCES;
    snprintf(info->category, sizeof info->category, "%s", class_category[i]);
    snprintf(info->name, sizeof info->name, "%s", US_PLUGIN_NAME);
    return V3_OK;
}

static v3_result get_class_info2(void *self, int32_t i, v3_class_info2 *info) {
    (void)self;
    if (!info || i < 0 || i > 1) return V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    memcpy(info->cid, class_cid[i], sizeof(v3_tuid));
    info->cardinality = V3_MANY_INSTANCES;
    snprintf(info->category, sizeof info->category, "%s", class_category[i]);
    snprintf(info->name, sizeof info->name, "%s", US_PLUGIN_NAME);
    snprintf(info->sub_categories, sizeof info->sub_categories, "%s", i == 0 ? US_SUBCATEGORIES : "");
    snprintf(info->vendor, sizeof info->vendor, "%s", US_VENDOR);
    snprintf(info->version, sizeof info->version, "%s", US_VERSION);
    snprintf(info->sdk_version, sizeof info->sdk_version, "%s", US_SDK_VERSION);
    return V3_OK;
}

static void to_utf16(v3_char16 *dst, const char *src, size_t cap) {
    size_t i = 0;
    for (; src[i] && i < cap - 1; i++) dst[i] = (v3_char16)(unsigned char)src[i];
    dst[i] = 0;
}

static v3_result get_class_info_unicode(void *self, int32_t i, v3_class_info_w *info) {
    v3_class_info2 a;
    const v3_result r = get_class_info2(self, i, &a);
    if (r != V3_OK || !info) return r != V3_OK ? r : V3_INVALID_ARG;
    memset(info, 0, sizeof *info);
    memcpy(info->cid, a.cid, sizeof(v3_tuid));
    info->cardinality = a.cardinality;
    memcpy(info->category, a.category, sizeof a.category);
    to_utf16(info->name, a.name, 64);
    memcpy(info->sub_categories, a.sub_categories, sizeof a.sub_categories);
    to_utf16(info->vendor, a.vendor, 64);
    to_utf16(info->version, a.version, 64);
    to_utf16(info->sdk_version, a.sdk_version, 64);
    return V3_OK;
}

static v3_result create_instance(void *self, const char *cid, const char *iid, void **obj) {
    (void)self;
    if (!cid || !iid || !obj) return V3_INVALID_ARG;
    *obj = NULL;
    v3_funknown *made = NULL;
    if (memcmp(cid, us_processor_cid, 16) == 0) made = us_processor_create();
    else if (memcmp(cid, us_controller_cid, 16) == 0) made = us_controller_create();
    else return V3_NO_INTERFACE;
    if (!made) return V3_NOMEM;
    const v3_result r = made->vtbl->query_interface(made, (const uint8_t *)iid, obj);
    made->vtbl->release(made);                /* the query took its own reference */
    return r;
}

static v3_result set_host_context(void *self, v3_funknown *context) { (void)self; (void)context; return V3_OK; }

static const struct v3_factory_vtbl factory_vtbl = {
    factory_query, factory_retain, factory_release,
    get_factory_info, num_classes, get_class_info, create_instance,
    get_class_info2, get_class_info_unicode, set_host_context,
};
static const struct { const struct v3_factory_vtbl *vtbl; } factory = {&factory_vtbl};

/* [host-main-thread] The three exports a VST3 host looks for. */
US_EXPORT void *GetPluginFactory(void) {
    atomic_fetch_add(&factory_refs, 1);
    return (void *)&factory;
}
US_EXPORT _Bool ModuleEntry(void *handle) { (void)handle; return 1; }
US_EXPORT _Bool ModuleExit(void) { return 1; }
