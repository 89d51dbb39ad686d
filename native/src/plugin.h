/* The VST3 classes of the shim. Each COM-style object embeds one vtable pointer per interface
 * and forwards to the plain C instance object (instance.h). */
#ifndef UNDERSTUDY_PLUGIN_H
#define UNDERSTUDY_PLUGIN_H

#include <stddef.h>
#include <string.h>

#include "vst3/v3_controller.h"
#include "vst3/v3_view.h"

/* The object that holds interface pointer `field`, given `self` pointing at that field. */
#define US_OBJECT(type, field, self) ((type *)((char *)(self) - offsetof(type, field)))
#define US_IID_IS(iid, ...) (memcmp((iid), (const uint8_t[16])__VA_ARGS__, 16) == 0)

/* Message the processor sends its controller on connect, carrying the instance registry id. */
#define US_MESSAGE_INSTANCE "understudy.instance"
#define US_ATTR_INSTANCE_ID "id"

extern const v3_tuid us_processor_cid;
extern const v3_tuid us_controller_cid;

/* [host-main-thread] Factories: return the object's FUnknown with one reference, or NULL. */
void *us_processor_create(void);
void *us_controller_create(void);
/* [host-main-thread] The editor for a controller; `controller` is its IEditController pointer. */
void *us_view_create(void *controller);
/* [any non-audio thread] The registry id of the controller's processor instance (0 if unknown). */
int64_t us_controller_instance_id(void *controller);

#endif
