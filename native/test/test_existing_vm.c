/* A host that already runs a Java VM (another Java-based plugin, say): the shim must reuse it and
 * load the engine through a class loader of its own. We create a bare VM first, with no class
 * path, then activate Understudy and wait for its engine to report ready.
 * Usage: test_existing_vm <Understudy.so> <libjvm.so> */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vst3/v3_processor.h"

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s Understudy.so libjvm.so\n", argv[0]); return 2; }
    int failed = 0;

    void *jvm_lib = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    create_vm_fn create = jvm_lib ? (create_vm_fn)dlsym(jvm_lib, "JNI_CreateJavaVM") : NULL;
    if (!create) { fprintf(stderr, "cannot load %s\n", argv[2]); return 2; }
    JavaVMOption opts[] = {{"-Xrs", NULL}, {"-Djava.awt.headless=true", NULL}};
    JavaVMInitArgs args = {JNI_VERSION_10, 2, opts, JNI_FALSE};
    JavaVM *vm;
    JNIEnv *env;
    if (create(&vm, (void **)&env, &args) != JNI_OK) { fprintf(stderr, "cannot create the host's VM\n"); return 2; }
    /* Our VM cannot see the engine classes: the shim must bring its own loader. */
    (*env)->FindClass(env, "org/understudy/bridge/Boot");
    const int visible = !(*env)->ExceptionCheck(env);
    (*env)->ExceptionClear(env);
    printf("%s: the host's VM cannot see the engine classes\n", visible ? "FAIL" : "PASS");
    failed += visible;

    void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!plugin) { fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror()); return 2; }
    struct { const struct v3_factory_vtbl *vtbl; } *factory = ((void *(*)(void))dlsym(plugin, "GetPluginFactory"))();
    int64_t (*boot_nanos)(void) = (int64_t(*)(void))dlsym(plugin, "us_bridge_boot_nanos");
    v3_class_info info;
    factory->vtbl->get_class_info(factory, 0, &info);
    const uint8_t iid[16] = V3_IID_COMPONENT;
    struct { const struct v3_component_vtbl *vtbl; } *component = NULL;
    factory->vtbl->create_instance(factory, (const char *)info.cid, (const char *)iid, (void **)&component);
    component->vtbl->initialize(component, NULL);
    component->vtbl->set_active(component, 1);

    const struct timespec tick = {0, 10000000};
    for (int i = 0; i < 2000 && boot_nanos() < 0; i++) nanosleep(&tick, NULL);
    const int64_t ns = boot_nanos();
    printf("%s: the engine started in the existing VM (%.1f ms)\n", ns >= 0 ? "PASS" : "FAIL", ns / 1e6);
    failed += ns < 0;

    component->vtbl->set_active(component, 0);
    component->vtbl->terminate(component);
    component->vtbl->release(component);
    printf("%d passed, %d failed\n", 2 - failed, failed);
    return failed ? 1 : 0;
}
